using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

// What an app does without BlazorAuth: the framework's cookie and OpenID Connect handlers against the same provider.
// GET /login challenges, as /auth/{p}/start does: a 302 to the provider's authorize endpoint with PKCE, a nonce and a
// correlation cookie. Authority, ClientId and ClientSecret come from the command line or the environment.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
    })
    .AddCookie()
    .AddOpenIdConnect(o =>
    {
        o.Authority = builder.Configuration["Authority"];
        o.ClientId = builder.Configuration["ClientId"];
        o.ClientSecret = builder.Configuration["ClientSecret"];
        o.ResponseType = "code";
        o.RequireHttpsMetadata = false;
        o.Scope.Add("offline_access");
        o.SaveTokens = true;
    });

var app = builder.Build();
app.UseAuthentication();
app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }));
app.Run();
