using System.Security.Claims;
using BlazorAuth.Auth;
using BlazorAuth.Auth.Endpoints;
using MinimalHost.Components;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();

// The app's own sign-in, configured the usual way: ASP.NET Core's OpenID Connect handler.
builder.Services.AddAuthentication()
    .AddOpenIdConnect("oidc", options =>
    {
        builder.Configuration.GetSection("Oidc").Bind(options);
        options.ResponseType = "code";
        options.Scope.Add("offline_access");
        options.MapInboundClaims = false;

        // The app's own claim, added where an app adds one: BlazorAuth keeps it through renewals and reloads.
        options.Events.OnTokenValidated = context =>
        {
            context.Principal!.Identities.First().AddClaim(new Claim("tenant", "wonderland"));
            return Task.CompletedTask;
        };
    });

// BlazorAuth, line 1 of 3: that scheme signs the circuit in through a popup.
builder.AddBlazorAuth().UseAsDefaultScheme().AddAuthenticationScheme("oidc", "oidc", "Demo");

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseAntiforgery();

app.MapStaticAssets();

// BlazorAuth, line 2 of 3: its routes.
app.MapBlazorAuth();

app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
