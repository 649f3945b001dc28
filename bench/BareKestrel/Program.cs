using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

// The baseline for /auth/{p}/start: a bare Kestrel endpoint that answers a 302 with one random cookie.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapGet("/", (HttpContext context) =>
{
    context.Response.Cookies.Append("__Host-bare-nonce", WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)),
        new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", MaxAge = TimeSpan.FromMinutes(10) });
    return Results.Redirect("https://idp.example.com/authorize?client_id=x&state=" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)));
});

app.Run();
