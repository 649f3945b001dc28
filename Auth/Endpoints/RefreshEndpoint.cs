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

/// <summary><c>/auth/{p}/refresh</c>: renews the session from its cookie and answers a fresh session ticket.</summary>
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
        RefreshSingleFlight singleFlight,
        SignInDiagnostics diagnostics,
        TimeProvider time,
        ILogger<RefreshEndpoint> logger)
    {
        if (!RequestGuards.TryAcceptAppCall("refresh", provider, context, registry, origins, logger, out var authProvider, out var refusal))
        {
            return refusal;
        }

        var record = cookies.Read(context.Request, provider);
        if (record is null)
        {
            return await StartFromRequestAsync(provider, authProvider, context, sessions, answers, resolver, logger);
        }

        // A session ended elsewhere (sign out everywhere, idle too long) is over, whatever its cookie says; so is one
        // that lived on an access token the provider gave no refresh token for, once that token has expired.
        var accessTokenRanOut = record.HoldsAccessToken && record.AccessTokenExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow();
        if (accessTokenRanOut || !await liveSessions.TouchAsync(record.SessionId, context.RequestAborted))
        {
            if (accessTokenRanOut)
            {
                await liveSessions.EndAsync(record.SessionId, context.RequestAborted);
            }

            SessionCookieStore.Clear(context, provider);
            return ApiErrors.Refuse(logger, "refresh", provider, AuthError.SessionEnded);
        }

        // Not cancelled when the browser goes away (a reload mid-refresh): a provider that rotates refresh tokens
        // has spent the old one the moment it read the request, so its answer is the session's only way on. Kept
        // by the single flight, it reaches the reloaded page, whose cookie still holds the spent token. The
        // back-channel timeout bounds the wait.
        ProviderSignIn signIn;
        try
        {
            signIn = await singleFlight.RunAsync(
                record,
                async () =>
                {
                    var renewed = authProvider is ISessionRenewal renewal
                        ? await renewal.RefreshAsync(record.ToGrant(), CancellationToken.None)
                        : record.ToGrant().Unrenewed();
                    return renewed with { Profile = await resolver.ResolveAsync(provider, renewed.Profile, isRefresh: true) };
                },
                context.RequestAborted);
        }
        catch (AuthFlowException e) when (e.Error == AuthError.SessionRotated)
        {
            // The browser already holds the rotated cookie (or this is a copy of an old one): nothing is set or cleared,
            // so the browser's newer cookie survives, and the app retries with it.
            AuthLog.RefreshRefused(logger, provider, e.Error.Name, null);
            return ApiErrors.Result(e.Error);
        }
        catch (AuthFlowException e) when (e.Error == AuthError.ProviderTimeout || e.Error == AuthError.ProviderUnavailable
            || e.Error == AuthError.ProviderBadResponse || e.Error == AuthError.ProviderKeysUnknown)
        {
            // A provider that is down, or whose keys are in flux, says nothing about the session: keep the cookie and
            // let the app retry.
            AuthLog.RefreshRefused(logger, provider, e.Error.Name, e);
            return ApiErrors.Result(e.Error);
        }
        catch (AuthFlowException e)
        {
            AuthLog.RefreshRefused(logger, provider, e.Error.Name, e);
            SessionCookieStore.Clear(context, provider);
            return ApiErrors.Result(AuthError.SessionEnded);
        }

        // The refreshed identity must be the one the session was opened for (OIDC Core §12.2).
        var before = record.Profile;
        var after = signIn.Profile;
        if (after.Subject != before.Subject || after.Issuer != before.Issuer || after.Audience != before.Audience)
        {
            SessionCookieStore.Clear(context, provider);
            return ApiErrors.Refuse(logger, "refresh", provider, AuthError.IdentityChanged);
        }

        SessionResponse response;
        try
        {
            response = answers.For(sessions.Renew(context, record, signIn));
        }
        catch (AuthFlowException e)
        {
            AuthLog.RefreshRefused(logger, provider, e.Error.Name, null);
            SessionCookieStore.Clear(context, provider);
            return ApiErrors.Result(AuthError.SessionEnded);
        }

        diagnostics.Answered(provider);
        AuthLog.SessionRefreshed(logger, provider);
        return TypedResults.Json(response, AuthJsonContext.Default.SessionResponse);
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
