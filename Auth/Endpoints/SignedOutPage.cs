using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// <c>GET /auth/{p}/signed-out</c>: the sign-out popup's page, and the <c>post_logout_redirect_uri</c> the provider
/// sends it back to. It changes nothing. Opened by the app (<c>?pending</c>) it waits while the app ends the session
/// and sends it on to the provider; back from the provider it closes itself; loaded on its own (a sign-out made in
/// the page because the popup was blocked) it goes back to the app.
/// </summary>
internal static class SignedOutPage
{
    public const string WindowName = "blazorauth-signout";

    private const string Script =
        "(function(){var popup=window.opener&&window.name==='" + WindowName + "';" +
        "if(!popup){location.replace('/');return;}" +
        "if(location.search.indexOf('pending')<0){window.close();}})();";

    private static readonly string ScriptHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)));

    private static readonly string Html =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
        "<title>Signing out</title></head><body><main><p>Signing you out…</p>" +
        "<p><a href=\"/\">Back to the app</a></p></main><script>" + Script + "</script></body></html>";

    public static IResult Handle(string provider, HttpContext context, Providers.AuthProviderRegistry registry)
    {
        if (!registry.TryGet(provider, out _))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'none'; script-src 'sha256-{ScriptHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(Html, "text/html; charset=utf-8");
    }
}
