using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Events;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// <c>/auth/{p}/refresh</c>: the session the cookie names, renewed at the provider if its access token is due, with a
/// fresh session ticket. It sets no cookie: the cookie names the session, and the session changes only in the store.
/// </summary>
internal sealed class RefreshEndpoint
{
    /// <summary>Counts each answer of the route by outcome: <c>renewed</c>, or the error's name.</summary>
    public static async ValueTask<object?> CountOutcomeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var telemetry = invocation.HttpContext.RequestServices.GetRequiredService<AuthTelemetry>();
        // The route value is whatever the client put in the URL: a tag of it would let anyone mint metric series.
        var provider = invocation.HttpContext.GetRouteValue("provider") is string id
            && invocation.HttpContext.RequestServices.GetRequiredService<AuthProviderRegistry>().TryGet(id, out _) ? id : "unknown";
        try
        {
            var result = await next(invocation);
            telemetry.Refreshed(provider, result is JsonHttpResult<ErrorResponse> { Value: { } refused } ? refused.Error.Name : "renewed");
            return result;
        }
        catch (AuthStoreUnavailableException)
        {
            telemetry.Refreshed(provider, AuthError.StoreUnavailable.Name);
            throw;
        }
    }

    public static async Task<IResult> HandleAsync(
        string provider,
        HttpContext context,
        AuthProviderRegistry registry,
        OriginPolicy origins,
        SessionCookieStore cookies,
        SessionStarter sessions,
        SessionAnswer answers,
        SignInResolver resolver,
        SessionRegistry liveSessions,
        SessionRenewal renewal,
        SignInDiagnostics diagnostics,
        ILogger<RefreshEndpoint> logger)
    {
        if (!RequestGuards.TryAcceptAppCall("refresh", provider, context, registry, origins, logger, out var authProvider, out var refusal))
        {
            return refusal;
        }

        var cookie = cookies.Read(context.Request, provider);
        if (cookie is null)
        {
            return await StartFromRequestAsync(provider, authProvider, context, sessions, answers, resolver, logger);
        }

        // A session ended elsewhere (sign out everywhere, idle too long) is over, whatever its cookie says.
        var session = await liveSessions.FindAsync(cookie, context.RequestAborted);
        if (session is null)
        {
            SessionCookieStore.Clear(context, provider);
            return ApiErrors.Refuse(logger, "refresh", provider, AuthError.SessionEnded);
        }

        session = await liveSessions.TouchAsync(session, context.RequestAborted);
        try
        {
            // Renews at the provider only when the access token is due; every other caller gets the session as it is.
            session = await renewal.EnsureFreshAsync(session, confirmAccessToken: true, context.RequestAborted);
        }
        catch (AuthFlowException e) when (e.Error == AuthError.ProviderTimeout || e.Error == AuthError.ProviderUnavailable
            || e.Error == AuthError.ProviderBadResponse)
        {
            // A provider that is down says nothing about the session: keep the cookie and let the app retry.
            AuthLog.RefreshRefused(logger, provider, e.Error.Name, e);
            return ApiErrors.Result(e.Error);
        }
        catch (AuthFlowException e)
        {
            AuthLog.RefreshRefused(logger, provider, e.Error.Name, e);
            SessionCookieStore.Clear(context, provider);
            return ApiErrors.Result(e.Error == AuthError.IdentityChanged ? e.Error : AuthError.SessionEnded);
        }

        cookies.ReplaceLegacy(context, cookie);
        diagnostics.Answered(provider);
        AuthLog.SessionRefreshed(logger, provider);
        return TypedResults.Json(answers.For(session), AuthJsonContext.Default.SessionResponse);
    }

    /// <summary>No session yet: a provider that vouches for every request (a trusted proxy) may start one here.</summary>
    private static async Task<IResult> StartFromRequestAsync(
        string provider, IAuthProvider authProvider, HttpContext context, SessionStarter sessions, SessionAnswer answers, SignInResolver resolver, ILogger logger)
    {
        try
        {
            if (authProvider is IRequestSignIn fromRequest && await fromRequest.SignInFromRequestAsync(context, context.RequestAborted) is { } signIn)
            {
                var profile = await resolver.ResolveAsync(provider, signIn.Profile, isRefresh: false);
                var response = answers.For(await sessions.StartAsync(context, provider, signIn with { Profile = profile }));
                AuthLog.SignInCompleted(logger, provider);
                return TypedResults.Json(response, AuthJsonContext.Default.SessionResponse);
            }
        }
        catch (AuthFlowException e)
        {
            AuthLog.RefreshRefused(logger, provider, e.Error.Name, e);
            return ApiErrors.Result(e.Error);
        }

        SessionCookieStore.Clear(context, provider);
        return ApiErrors.Refuse(logger, "refresh", provider, AuthError.NoSession);
    }
}
