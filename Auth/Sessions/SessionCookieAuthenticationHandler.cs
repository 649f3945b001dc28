using System.Text.Encodings.Web;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Authenticates page requests and the circuit's connection from the session cookie, so a reload renders the
/// signed-in user at once and standard <c>[Authorize]</c> works. It never calls the provider: a renewal does that.
/// </summary>
internal sealed class SessionCookieAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionCookieStore cookies,
    SessionRegistry liveSessions,
    AuthProviderRegistry registry,
    IOptions<AuthOptions> authOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = BlazorAuthDefaults.AuthenticationScheme;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The auth routes read and check the session cookie themselves; checking it here too would ask the store twice.
        if (Request.Path.StartsWithSegments(authOptions.Value.RoutePrefix))
        {
            return AuthenticateResult.NoResult();
        }

        foreach (var providerId in SessionCookieStore.ProvidersWithCookie(Request.Cookies, registry.All.Select(p => p.Id)))
        {
            if (ReadOrNull(providerId) is { } cookie && await FindAsync(cookie) is { } session)
            {
                cookies.ReplaceLegacy(Context, cookie);
                return AuthenticateResult.Success(new AuthenticationTicket(session.ToUser().ToPrincipal(authOptions.Value.NameClaimType, authOptions.Value.RoleClaimType), SchemeName));
            }
        }

        return AuthenticateResult.NoResult();
    }

    /// <summary>A key ring that cannot be read cannot open the cookie: served signed out, as below, with the cookie kept.</summary>
    private SessionCookie? ReadOrNull(string providerId)
    {
        try
        {
            return cookies.Read(Request, providerId);
        }
        catch (AuthStoreUnavailableException e)
        {
            Logger.LogWarning(e, "The key ring could not be read; the request is served signed out");
            return null;
        }
    }

    /// <summary>
    /// A store that cannot answer cannot vouch for the session: the page renders signed out, the cookie stays, and the
    /// circuit's own check or the next page load signs the user back in once the store is back.
    /// </summary>
    private async Task<LiveSession?> FindAsync(SessionCookie cookie)
    {
        try
        {
            return await liveSessions.FindAsync(cookie, Context.RequestAborted);
        }
        catch (AuthStoreUnavailableException e)
        {
            Logger.LogWarning(e, "The session store did not answer; the request is served signed out");
            return null;
        }
    }

    /// <summary>
    /// A signed-out visit to a protected page goes to the sign-in page, which says why and, once the user has signed
    /// in, returns them to the page, query and all; both under the app's path base.
    /// </summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var returnPath = Request.PathBase + Request.Path + Request.QueryString;
        Response.Redirect(Request.PathBase + authOptions.Value.SignInPath + "?returnUrl=" + Uri.EscapeDataString(returnPath));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A signed-in user the page is not for (a role they lack): 403. A browser loading the page gets one sentence to read
    /// rather than its own error page, unless the host shows status pages of its own (<c>UseStatusCodePages…</c>).
    /// </summary>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var loadsPage = HttpMethods.IsGet(Request.Method) && Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        if (!loadsPage || Context.Features.Get<IStatusCodePagesFeature>() is { Enabled: true })
        {
            return;
        }

        Response.ContentType = "text/html; charset=utf-8";
        Response.Headers.CacheControl = "no-store";
        var home = HtmlEncoder.Default.Encode(Request.PathBase + "/");
        await Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not for your account</title></head>
            <body><main><h1>Not for your account</h1><p>Your account may not see this page.</p><p><a href="{home}">Go to the home page</a></p></main></body></html>
            """);
    }
}
