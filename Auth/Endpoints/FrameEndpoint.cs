using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Events;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Transactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// <c>/auth/{p}/handler/frame</c>: the provider's redirect target. Checks run in a fixed order (state,
/// provider, binding, single use, error, iss, code) and the binding cookie is deleted whatever the outcome.
/// </summary>
public sealed class FrameEndpoint
{
    private const int MaxFormBytes = 16 * 1024;

    public static async Task<IResult> HandleAsync(
        string provider,
        HttpContext context,
        AuthProviderRegistry registry,
        OriginPolicy origins,
        TransactionProtector transactions,
        SessionResponder sessions,
        SignInResolver resolver,
        IOptions<AuthEventsOptions> eventsOptions,
        SignInDiagnostics diagnostics,
        SingleUseStore spent,
        IOptions<AuthOptions> options,
        TimeProvider time,
        ILogger<FrameEndpoint> logger)
    {
        if (!registry.TryGet(provider, out var authProvider))
        {
            return FramePage.Failure(AuthError.UnknownProvider, origins.AppOrigin);
        }

        var binding = BindingCookie.Read(context.Request, provider);
        BindingCookie.Delete(context.Response, provider);

        var callback = await CallbackParameters.ReadAsync(context.Request, MaxFormBytes);
        if (callback is null)
        {
            return Refuse(logger, provider, AuthError.InvalidRequest, origins.AppOrigin);
        }

        var events = eventsOptions.Value.Of(provider);
        if (!await events.OnStateReceived(new StateReceivedContext(context, provider, callback.State, callback.Error is not null)))
        {
            return Refuse(logger, provider, AuthError.InvalidState, origins.AppOrigin);
        }

        var transaction = transactions.Unprotect(callback.State);
        if (transaction is null || transaction.ProviderId != provider)
        {
            return Refuse(logger, provider, AuthError.InvalidState, origins.AppOrigin);
        }

        // The state is bound to the browser that started it, except on an autologin hop: a callback on another of
        // the app's origins, which the provider names as such, for a state only this app's key ring could seal.
        var hop = !string.Equals(transaction.AppOrigin, origins.AppOrigin, StringComparison.Ordinal);
        if (hop ? !authProvider.AllowsAutologinVia(transaction.AppOrigin) : !RandomIds.FixedTimeEquals(binding, transaction.Id))
        {
            return Refuse(logger, provider, AuthError.InvalidState, origins.AppOrigin);
        }

        // Spent whatever follows, success or failure, so a callback (or a copy of it and its cookie) works once.
        // An autologin sends one state through each of the app's origins, so each origin spends it once.
        var spentUntil = transaction.IssuedAt + options.Value.TransactionLifetime;
        bool firstUse;
        try
        {
            firstUse = await spent.TrySpendAsync($"transaction:{origins.AppOrigin}:{transaction.Id}", spentUntil, CancellationToken.None);
        }
        catch (AuthStoreUnavailableException e)
        {
            return StoreUnavailable(logger, diagnostics, provider, e, transaction);
        }

        if (!firstUse)
        {
            return Refuse(logger, provider, AuthError.InvalidState, origins.AppOrigin);
        }

        if (hop)
        {
            // A hop cannot prove it is the browser that started the sign-in (the binding cookie lives on the other
            // origin), so it signs no one in here: a hop URL handed to someone else would sign them in as the
            // person who started it. The browser goes on, and this origin's own sign-in finds the provider's session.
            AuthLog.AutologinHopPassed(logger, provider);
            return Results.Redirect(HopContinuation(authProvider, callback.ReturnTo));
        }

        var target = transaction.TargetOrigin;
        if (callback.Error is not null)
        {
            if (authProvider.DescribeCallbackError(callback.Error) is { } known)
            {
                return Fail(logger, diagnostics, provider, known, target, flow: transaction.Flow);
            }

            var said = callback.ErrorDescription is null ? callback.Error : $"{callback.Error}: {callback.ErrorDescription}";
            return Fail(logger, diagnostics, provider, AuthError.ProviderDenied, target, said, transaction.Flow);
        }

        // RFC 9207: where the issuer is known, an iss that differs is wrong, and a missing one is wrong where the
        // metadata promised it. A plain OAuth 2.0 provider configured without an issuer has nothing to compare.
        if (transaction.ExpectedIssuer is not null
            && (callback.Issuer is not null
                ? !string.Equals(callback.Issuer, transaction.ExpectedIssuer, StringComparison.Ordinal)
                : transaction.IssRequired))
        {
            return Fail(logger, diagnostics, provider, AuthError.IssuerMismatch, target, flow: transaction.Flow);
        }

        if (string.IsNullOrEmpty(callback.Code))
        {
            return Fail(logger, diagnostics, provider, AuthError.InvalidRequest, target, flow: transaction.Flow);
        }

        SessionResponse session;
        UserProfile profile;
        var exchangeStarted = time.GetTimestamp();
        try
        {
            var signIn = await authProvider.ExchangeCodeAsync(
                new CodeExchange(
                    callback.Code, transaction.CodeVerifier, origins.AppOrigin + options.Value.CallbackPath(provider), transaction.Nonce, transaction.ExpectedIssuer),
                context.RequestAborted);
            profile = await resolver.ResolveAsync(provider, signIn.Profile, isRefresh: false);
            session = transaction.Flow == SignInFlow.Silent
                ? await sessions.RenewSilentlyAsync(context, provider, signIn with { Profile = profile })
                : await sessions.StartAsync(context, provider, signIn with { Profile = profile });
        }
        catch (AuthFlowException e)
        {
            AuthLog.SignInFailed(logger, provider, e.Error.Name, e);
            diagnostics.Failed(provider, e.Error, e.Detail);
            return FramePage.Failure(e.Error, target, flow: transaction.Flow);
        }
        catch (AuthStoreUnavailableException e)
        {
            return StoreUnavailable(logger, diagnostics, provider, e, transaction);
        }

        AuthLog.SignInCompleted(logger, provider);
        diagnostics.Succeeded(provider);
        IResult answer;
        if (transaction.Flow == SignInFlow.Redirect)
        {
            answer = Results.Redirect(ReturnPath.Normalize(transaction.ReturnPath) ?? "/");
        }
        else
        {
            var exchange = time.GetElapsedTime(exchangeStarted);
            var atProvider = time.GetUtcNow() - transaction.IssuedAt - exchange;
            answer = FramePage.Success(session, target, new FlowTiming((long)atProvider.TotalMilliseconds, (long)exchange.TotalMilliseconds), transaction.Flow);
        }

        var after = new AfterCallbackContext(context, provider, profile, answer);
        await events.OnAfterCallback(after);
        return after.Response;
    }

    /// <summary>The store could not answer: nothing was stored, and the user is asked to try again later.</summary>
    private static IResult StoreUnavailable(ILogger logger, SignInDiagnostics diagnostics, string provider, AuthStoreUnavailableException e, AuthTransaction transaction)
    {
        AuthLog.StoreUnavailable(logger, "handler/frame", provider, e.InnerException?.Message ?? e.Message);
        diagnostics.Failed(provider, AuthError.StoreUnavailable, e.Message);
        return FramePage.Failure(AuthError.StoreUnavailable, transaction.TargetOrigin, flow: transaction.Flow);
    }

    /// <summary>
    /// Refused before the request proved it carries a transaction this app started for this browser: anyone can send
    /// one, so it goes to the log only, never into the operators' diagnostics.
    /// </summary>
    private static IResult Refuse(ILogger logger, string provider, AuthError error, string appOrigin)
    {
        AuthLog.SignInFailed(logger, provider, error.Name, null);
        return FramePage.Failure(error, appOrigin);
    }

    private static IResult Fail(
        ILogger logger, SignInDiagnostics diagnostics, string provider, AuthError error, string targetOrigin, string? providerText = null,
        SignInFlow flow = SignInFlow.Popup)
    {
        AuthLog.SignInFailed(logger, provider, error.Name, null);
        diagnostics.Failed(provider, error);
        return FramePage.Failure(error, targetOrigin, providerText, flow);
    }

    /// <summary>After a hop, on to where the provider said, if that is a place it may send the browser; else home.</summary>
    private static string HopContinuation(IAuthProvider provider, string? returnTo) =>
        Uri.TryCreate(returnTo, UriKind.Absolute, out var next)
        && (next.Scheme == Uri.UriSchemeHttps || (next.Scheme == Uri.UriSchemeHttp && next.IsLoopback))
        && string.IsNullOrEmpty(next.UserInfo)
        && provider.AllowsAutologinVia(next.GetLeftPart(UriPartial.Authority))
            ? next.AbsoluteUri
            : "/";
}
