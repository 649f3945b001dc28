using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Events;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.Protocol;
using BlazorAuth.Auth.Providers.Schemes;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Telemetry;
using BlazorAuth.Auth.Transactions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// <c>/auth/{p}/handler/frame</c>: the provider's redirect target. Checks run in a fixed order (state,
/// provider, binding, single use, error, iss, code) and the binding cookie is deleted whatever the outcome. For a
/// provider over an ASP.NET Core scheme, the scheme's handler checks the callback and redeems the code first; the
/// transaction it carried is then held to the same binding and single use, and the session starts the same way.
/// </summary>
internal sealed class FrameEndpoint
{
    private const int MaxFormBytes = 16 * 1024;

    public static async Task<IResult> HandleAsync(
        string provider,
        HttpContext context,
        AuthProviderRegistry registry,
        OriginPolicy origins,
        TransactionProtector transactions,
        SessionStarter sessions,
        SessionAnswer answers,
        SignInResolver resolver,
        IOptions<AuthEventsOptions> eventsOptions,
        SignInDiagnostics diagnostics,
        SingleUseStore spent,
        IOptions<AuthOptions> options,
        TimeProvider time,
        ILogger<FrameEndpoint> logger)
    {
        var callback = new Callback(context, provider, origins, sessions, answers, resolver, eventsOptions.Value.Of(provider), diagnostics, spent, options.Value, time, logger);
        if (!registry.TryGet(provider, out var authProvider))
        {
            return FramePage.Failure(AuthError.UnknownProvider, origins.AppOrigin);
        }

        var binding = BindingCookie.Read(context.Request, provider);
        BindingCookie.Delete(context.Response, provider);

        var parameters = await CallbackParameters.ReadAsync(context.Request, MaxFormBytes);
        if (parameters is null)
        {
            return callback.Refuse(AuthError.InvalidRequest);
        }

        if (!await callback.Events.OnStateReceived(new StateReceivedContext(context, provider, parameters.State, parameters.Error is not null)))
        {
            return callback.Refuse(AuthError.InvalidState);
        }

        return authProvider switch
        {
            ISchemeSignIn scheme => await SchemeCallbackAsync(callback, scheme, parameters, binding, transactions),
            IAuthorizationCodeSignIn codeFlow => await CodeCallbackAsync(callback, codeFlow, parameters, binding, transactions),
            _ => callback.Refuse(AuthError.StartNotOffered),
        };
    }

    private static async Task<IResult> CodeCallbackAsync(
        Callback callback, IAuthorizationCodeSignIn authProvider, CallbackParameters parameters, string? binding, TransactionProtector transactions)
    {
        var transaction = transactions.Unprotect(parameters.State);
        if (transaction is null || transaction.ProviderId != callback.Provider)
        {
            return callback.Refuse(AuthError.InvalidState);
        }

        // The state is bound to the browser that started it, except on an autologin hop: a callback on another of
        // the app's origins, which the provider names as such, for a state only this app's key ring could seal.
        var hop = !string.Equals(transaction.AppOrigin, callback.AppOrigin, StringComparison.Ordinal);
        if (hop ? !(authProvider is IAutologinHops hops && hops.AllowsAutologinVia(transaction.AppOrigin)) : !RandomIds.FixedTimeEquals(binding, transaction.Id))
        {
            return callback.Refuse(AuthError.InvalidState);
        }

        if (await callback.SpendAsync(transaction) is { } refused)
        {
            return refused;
        }

        if (hop)
        {
            // A hop cannot prove it is the browser that started the sign-in (the binding cookie lives on the other
            // origin), so it signs no one in here: a hop URL handed to someone else would sign them in as the
            // person who started it. The browser goes on, and this origin's own sign-in finds the provider's session.
            AuthLog.AutologinHopPassed(callback.Logger, callback.Provider);
            return Results.Redirect(((IAutologinHops)authProvider).ContinueHop(callback.HttpContext.Request));
        }

        if (parameters.Error is not null)
        {
            if (authProvider.DescribeCallbackError(parameters.Error) is { } known)
            {
                return callback.Fail(known, transaction);
            }

            var said = parameters.ErrorDescription is null ? parameters.Error : $"{parameters.Error}: {parameters.ErrorDescription}";
            return callback.Fail(AuthError.ProviderDenied, transaction, said);
        }

        // RFC 9207: where the issuer is known, an iss that differs is wrong, and a missing one is wrong where the
        // metadata promised it. A plain OAuth 2.0 provider configured without an issuer has nothing to compare.
        if (transaction.ExpectedIssuer is not null && IssuerCheck.Refuses(parameters.Issuer, transaction.ExpectedIssuer, transaction.IssRequired))
        {
            var detail = IssuerCheck.Describe(parameters.Issuer, transaction.ExpectedIssuer);
            AuthLog.IssuerRefused(callback.Logger, callback.Provider, detail);
            return callback.Fail(AuthError.IssuerMismatch, transaction, detail: detail);
        }

        if (string.IsNullOrEmpty(parameters.Code))
        {
            return callback.Fail(AuthError.InvalidRequest, transaction);
        }

        var code = parameters.Code;
        var redirectUri = callback.AppOrigin + callback.Options.CallbackPath(callback.Provider);
        return await callback.CompleteAsync(transaction, cancellationToken =>
            authProvider.ExchangeCodeAsync(new CodeExchange(code, transaction.CodeVerifier, redirectUri, transaction.Nonce, transaction.ExpectedIssuer), cancellationToken));
    }

    private static async Task<IResult> SchemeCallbackAsync(
        Callback callback, ISchemeSignIn scheme, CallbackParameters parameters, string? binding, TransactionProtector transactions)
    {
        var context = callback.HttpContext;

        // The handler's own binding, its correlation cookie, can be planted from a sibling subdomain; the __Host- binding
        // cookie cannot. Checked before the handler redeems anything where the scheme's state can be read here.
        var schemeOptions = await SchemeOptionsOrNullAsync(context, scheme.SchemeName);
        if (TransactionInState(schemeOptions, parameters.State, transactions) is { } early && !RandomIds.FixedTimeEquals(binding, early.Id))
        {
            return callback.Refuse(AuthError.InvalidState);
        }

        if (SchemeCallbackOutcome.Of(context) is null
            && context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>() is DrivenSchemeHandlers handlers)
        {
            await handlers.HandleCallbackAsync(context, scheme.SchemeName);
        }

        // Whatever the outcome, no handler cookie outlives its callback: a failed one's would pile up.
        if (schemeOptions is not null)
        {
            HandlerCookies.RemoveAll(context, schemeOptions);
        }

        // The handler checked the state, its correlation cookie (the browser binding) and (OIDC) the nonce; without an
        // outcome it did not recognise the request as its callback at all.
        if (SchemeCallbackOutcome.Of(context) is not { } outcome)
        {
            return callback.Refuse(AuthError.InvalidState);
        }

        var transaction = TransactionIn(outcome.Properties, transactions);
        if (transaction is null || transaction.ProviderId != callback.Provider || transaction.AppOrigin != callback.AppOrigin
            || !RandomIds.FixedTimeEquals(binding, transaction.Id))
        {
            if (outcome.Error is not null)
            {
                AuthLog.SchemeCallbackFailed(callback.Logger, callback.Provider, outcome.Error.Name, outcome.Detail ?? "");
            }

            return callback.Refuse(AuthError.InvalidState);
        }

        if (await callback.SpendAsync(transaction) is { } refused)
        {
            return refused;
        }

        if (outcome.Error is not null || outcome.Principal is null)
        {
            var error = outcome.Error ?? AuthError.ProviderBadResponse;
            AuthLog.SchemeCallbackFailed(callback.Logger, callback.Provider, error.Name, outcome.Detail ?? "");
            return callback.Fail(error, transaction, detail: outcome.Detail);
        }

        var provider = (SchemeProvider)scheme;
        return await callback.CompleteAsync(transaction, _ => provider.ReadTicketAsync(outcome.Principal, outcome.Properties!, callback.Time.GetUtcNow()).AsTask());
    }

    /// <summary>The scheme's options, or null where it is no registered remote scheme (the handler's run reports that).</summary>
    private static async ValueTask<RemoteAuthenticationOptions?> SchemeOptionsOrNullAsync(HttpContext context, string schemeName)
    {
        try
        {
            return await context.RequestServices.GetRequiredService<SchemeOptionsResolver>().GetAsync(schemeName);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The transaction a scheme handler's properties carried, if they carried one this app sealed.</summary>
    private static AuthTransaction? TransactionIn(AuthenticationProperties? properties, TransactionProtector transactions) =>
        properties?.Items.TryGetValue(SchemeTransaction.PropertyName, out var carried) == true ? transactions.FromCarried(carried) : null;

    /// <summary>
    /// The transaction in a callback's <c>state</c>, read with the scheme's own state format before its handler runs:
    /// OAuth 2.0 and OpenID Connect handlers seal their properties into <c>state</c> that way. Null for other handlers
    /// or a state that does not open.
    /// </summary>
    private static AuthTransaction? TransactionInState(RemoteAuthenticationOptions? options, string? state, TransactionProtector transactions)
    {
        var format = options switch
        {
            OpenIdConnectOptions oidc => oidc.StateDataFormat,
            OAuthOptions oauth => oauth.StateDataFormat,
            _ => null,
        };
        return string.IsNullOrEmpty(state) ? null : TransactionIn(format?.Unprotect(state), transactions);
    }

    /// <summary>One callback's shared steps: the transaction's single use, failures, and the session's start.</summary>
    private sealed class Callback(
        HttpContext context,
        string provider,
        OriginPolicy origins,
        SessionStarter sessions,
        SessionAnswer answers,
        SignInResolver resolver,
        AuthProviderEvents events,
        SignInDiagnostics diagnostics,
        SingleUseStore spent,
        AuthOptions options,
        TimeProvider time,
        ILogger logger)
    {
        public HttpContext HttpContext => context;

        public string Provider => provider;

        public string AppOrigin => origins.AppOrigin;

        public AuthProviderEvents Events => events;

        public AuthOptions Options => options;

        public TimeProvider Time => time;

        public ILogger Logger => logger;

        /// <summary>
        /// Spent whatever follows, success or failure, so a callback (or a copy of it and its cookie) works once; null
        /// when it was this one's to spend. An autologin sends one state through each of the app's origins, so each
        /// origin spends it once.
        /// </summary>
        public async Task<IResult?> SpendAsync(AuthTransaction transaction)
        {
            try
            {
                var firstUse = await spent.TrySpendAsync(
                    $"transaction:{origins.AppOrigin}:{transaction.Id}", transaction.IssuedAt + options.TransactionLifetime, CancellationToken.None);
                return firstUse ? null : Refuse(AuthError.InvalidState);
            }
            catch (AuthStoreUnavailableException e)
            {
                return StoreUnavailable(e, transaction);
            }
        }

        /// <summary>
        /// Refused before the request proved it carries a transaction this app started for this browser: anyone can send
        /// one, so it goes to the log only, never into the operators' diagnostics.
        /// </summary>
        public IResult Refuse(AuthError error)
        {
            AuthLog.SignInFailed(logger, provider, error.Name, null);
            return FramePage.Failure(error, origins.AppOrigin);
        }

        public IResult Fail(AuthError error, AuthTransaction transaction, string? providerText = null, string? detail = null)
        {
            AuthLog.SignInFailed(logger, provider, error.Name, null);
            diagnostics.Failed(provider, error, detail);
            return FramePage.Failure(error, transaction.TargetOrigin, providerText, transaction.Flow);
        }

        /// <summary>Resolves the user the provider vouched for, starts (or silently renews) the session and answers the popup.</summary>
        public async Task<IResult> CompleteAsync(AuthTransaction transaction, Func<CancellationToken, Task<ProviderSignIn>> signInAsync)
        {
            SessionResponse session;
            UserProfile profile;
            var exchangeStarted = time.GetTimestamp();
            try
            {
                var signIn = await signInAsync(context.RequestAborted);
                profile = await resolver.ResolveAsync(provider, signIn.Profile, isRefresh: false);
                session = answers.For(transaction.Flow == SignInFlow.Silent
                    ? await sessions.RenewSilentlyAsync(context, provider, signIn with { Profile = profile })
                    : await sessions.StartAsync(context, provider, signIn with { Profile = profile }));
            }
            catch (AuthFlowException e)
            {
                AuthLog.SignInFailed(logger, provider, e.Error.Name, e);
                diagnostics.Failed(provider, e.Error, e.Detail);
                return FramePage.Failure(e.Error, transaction.TargetOrigin, flow: transaction.Flow);
            }
            catch (AuthStoreUnavailableException e)
            {
                return StoreUnavailable(e, transaction);
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
                answer = FramePage.Success(session, transaction.TargetOrigin, new FlowTiming((long)atProvider.TotalMilliseconds, (long)exchange.TotalMilliseconds), transaction.Flow);
            }

            var after = new AfterCallbackContext(context, provider, profile, answer);
            await events.OnAfterCallback(after);
            return after.Response;
        }

        /// <summary>The store could not answer: nothing was stored, and the user is asked to try again later.</summary>
        private IResult StoreUnavailable(AuthStoreUnavailableException e, AuthTransaction transaction)
        {
            AuthLog.StoreUnavailable(logger, "handler/frame", provider, e.InnerException?.Message ?? e.Message);
            diagnostics.Failed(provider, AuthError.StoreUnavailable, e.Message);
            return FramePage.Failure(AuthError.StoreUnavailable, transaction.TargetOrigin, flow: transaction.Flow);
        }
    }
}
