using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Endpoints;

/// <summary><c>POST /auth/{p}/logout</c>: revokes at the provider where it can and clears the session cookie.</summary>
internal sealed class LogoutEndpoint
{
    public static async Task<IResult> HandleAsync(
        string provider,
        HttpContext context,
        AuthProviderRegistry registry,
        OriginPolicy origins,
        SessionCookieStore cookies,
        SessionRegistry liveSessions,
        AuthTelemetry telemetry,
        ILogger<LogoutEndpoint> logger)
    {
        if (!RequestGuards.TryAcceptAppCall("logout", provider, context, registry, origins, logger, out var authProvider, out var refusal))
        {
            return refusal;
        }

        var cookie = cookies.Read(context.Request, provider);
        if (cookie is null)
        {
            SessionCookieStore.Clear(context, provider);
            return ApiErrors.Refuse(logger, "logout", provider, AuthError.NoSession);
        }

        // Ended in the store before the cookie goes: if the store cannot answer (503), the browser keeps the cookie of
        // a session that is still live, and signing out again ends it, rather than the session living on unseen. Once
        // the record is gone, no renewal in flight can write it back.
        var session = await liveSessions.FindAsync(cookie, context.RequestAborted);
        await (session is null
            ? liveSessions.EndAsync(cookie.SessionId, context.RequestAborted)
            : liveSessions.SignOutAsync(cookie.SessionId, context.RequestAborted));
        SessionCookieStore.Clear(context, provider);
        Uri? logoutUrl = null;
        try
        {
            if (session is not null && authProvider is IProviderSignOut signOut)
            {
                logoutUrl = await signOut.SignOutAsync(session.ToGrant(), session.Secrets.IdToken, context.RequestAborted);
            }
        }
        catch (AuthFlowException e)
        {
            AuthLog.RevocationFailed(logger, provider, e.Error.Name);
        }

        AuthLog.SignedOut(logger, provider);
        telemetry.LoggedOut(provider);
        return TypedResults.Json(new LogoutResponse(logoutUrl?.AbsoluteUri), AuthJsonContext.Default.LogoutResponse);
    }
}
