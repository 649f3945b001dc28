using System.Buffers;
using System.Buffers.Text;
using System.Text;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.Schemes;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Telemetry;
using BlazorAuth.Auth.Transactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

/// <summary><c>GET /auth/{p}/start</c>: opens a transaction, binds it to the browser, sends the popup to the provider.</summary>
internal sealed class StartEndpoint
{
    private const int MaxScopeLength = 1024;
    private const int MaxEnvLength = 64;

    // The authorize URL's parameter names and punctuation, and the PKCE challenge (43 characters), with room to spare.
    private const int FixedUrlParts = 256;

    public static async Task<IResult> HandleAsync(
        string provider,
        HttpContext context,
        AuthProviderRegistry registry,
        OriginPolicy origins,
        TransactionProtector transactions,
        IAuthStore store,
        ProviderHealth health,
        AuthTelemetry telemetry,
        IOptions<AuthOptions> options,
        TimeProvider time,
        ILogger<StartEndpoint> logger)
    {
        if (!registry.TryGet(provider, out var authProvider))
        {
            return FramePage.Failure(AuthError.UnknownProvider, origins.AppOrigin);
        }

        var query = context.Request.Query;
        var ambiguous = false;
        var origin = RequestGuards.Single(query["origin"], ref ambiguous);
        var flowValue = RequestGuards.Single(query["flow"], ref ambiguous);
        var returnUrl = RequestGuards.Single(query["returnUrl"], ref ambiguous);
        var extraScope = RequestGuards.Single(query["scope"], ref ambiguous);
        // Backstage's clients send their environment; this app has one per deployment, so it is checked and not kept.
        var env = RequestGuards.Single(query["env"], ref ambiguous);
        var prompt = RequestGuards.Single(query["prompt"], ref ambiguous);
        var returnPath = returnUrl is null ? null : ReturnPath.Normalize(returnUrl);

        var targetOrigin = origins.AppOrigin;
        if (origin is not null && !origins.IsAllowed(origin, out targetOrigin))
        {
            return Refuse(logger, provider, AuthError.OriginNotAllowed, origins.AppOrigin);
        }

        SignInFlow flow;
        if (ambiguous
            || !TryParseFlow(flowValue, out flow)
            || (returnUrl is not null && returnPath is null)
            || (extraScope is not null && !IsScopeList(extraScope))
            || (env is not null && (env.Length > MaxEnvLength || !env.All(char.IsAsciiLetterOrDigit)))
            || (prompt is not null && (prompt is not ("login" or "select_account") || flow == SignInFlow.Silent)))
        {
            return Refuse(logger, provider, AuthError.InvalidRequest, origins.AppOrigin);
        }

        // Known before the user types a password: a sign-in that could only fail at its end is not started.
        if (!store.IsAvailable)
        {
            AuthLog.StoreUnavailable(logger, "start", provider, "not connected");
            return FramePage.Failure(AuthError.StoreUnavailable, targetOrigin, flow: flow);
        }

        // Known before the popup goes there: sending it to a provider that does not answer would show the browser's own
        // error page, and closing that would read as the user giving up.
        if (health.KnownDown(provider) is { } down)
        {
            AuthLog.ProviderKnownDown(logger, provider, down.Detail);
            return FramePage.Failure(AuthError.ProviderUnavailable, targetOrigin, flow: flow);
        }

        if (authProvider is ISchemeSignIn scheme)
        {
            var started = new AuthTransaction(
                RandomIds.New(), provider, null, false, "", null, flow, flow == SignInFlow.Redirect ? returnPath ?? "/" : null, extraScope ?? "",
                targetOrigin, origins.AppOrigin, time.GetUtcNow());
            if (await SchemeChallenge.SendAsync(context, scheme, started, TransactionProtector.ToCarried(started), flow == SignInFlow.Silent ? "none" : prompt, logger) is { } failed)
            {
                return failed;
            }

            // The handler's correlation and nonce cookies are not __Host- cookies: a sibling subdomain can plant them.
            BindingCookie.Append(context.Response, provider, started.Id, options.Value.TransactionLifetime, crossSitePost: true);
            return Started(telemetry, started, logger);
        }

        if (authProvider is not IAuthorizationCodeSignIn codeFlow)
        {
            return Refuse(logger, provider, AuthError.StartNotOffered, origins.AppOrigin);
        }

        AuthorizeTarget target;
        try
        {
            target = await codeFlow.GetAuthorizeTargetAsync(context.RequestAborted);
        }
        catch (AuthFlowException e)
        {
            AuthLog.SignInFailed(logger, provider, e.Error.Name, e);
            return FramePage.Failure(e.Error, origins.AppOrigin);
        }

        var (transactionId, codeVerifier, nonce) = RandomIds.NewThree();
        var transaction = new AuthTransaction(
            transactionId,
            provider,
            target.Issuer,
            target.IssParameterRequired,
            codeVerifier,
            target.UsesNonce ? nonce : null,
            flow,
            flow == SignInFlow.Redirect ? returnPath ?? "/" : null,
            MergeScopes(target.Scope, extraScope),
            targetOrigin,
            origins.AppOrigin,
            time.GetUtcNow());

        // A silent renewal must never show the provider's pages: it is answered at once, or it fails.
        var authorizeUrl = BuildAuthorizeUrl(
            target, transaction, transactions.Seal(transaction), origins.AppOrigin + options.Value.CallbackPath(provider), flow == SignInFlow.Silent ? "none" : prompt);

        // Not Results.Redirect: that logs the whole URL, and this one carries the state.
        context.Response.Headers.Location = authorizeUrl;
        context.Response.StatusCode = StatusCodes.Status302Found;
        BindingCookie.Append(context.Response, provider, transaction.Id, options.Value.TransactionLifetime);
        return Started(telemetry, transaction, logger);
    }

    private static IResult Started(AuthTelemetry telemetry, AuthTransaction transaction, ILogger logger)
    {
        AuthLog.SignInStarted(logger, transaction.ProviderId);
        telemetry.SignInStarted(transaction.ProviderId);
        return Results.Empty;
    }

    /// <param name="prompt">
    /// "Use another account": <c>login</c> or <c>select_account</c>, so the provider does not sign the last user straight
    /// back in; <c>none</c> for a silent renewal.
    /// </param>
    private static string BuildAuthorizeUrl(AuthorizeTarget target, AuthTransaction transaction, byte[] state, string redirectUri, string? prompt)
    {
        var endpoint = target.AuthorizationEndpoint.AbsoluteUri;
        var clientId = Uri.EscapeDataString(target.ClientId);
        var redirect = Uri.EscapeDataString(redirectUri);
        var scope = Uri.EscapeDataString(transaction.Scope);
        var extras = ExtraParameters(target, prompt);

        // The URL is written once, into a pooled buffer with room for all of it, and the state is encoded straight into
        // it: a state is most of the URL, and a builder that grows (or a string of the state first) copies it again.
        var buffer = ArrayPool<char>.Shared.Rent(
            endpoint.Length + clientId.Length + redirect.Length + Base64Url.GetEncodedLength(state.Length) + scope.Length
            + (transaction.Nonce?.Length ?? 0) + extras.Length + (prompt?.Length ?? 0) + FixedUrlParts);
        try
        {
            var url = new UrlWriter(buffer);
            url.Append(endpoint);
            url.Append(string.IsNullOrEmpty(target.AuthorizationEndpoint.Query) ? "?" : "&");
            url.Append("response_type=code&client_id=");
            url.Append(clientId);
            url.Append("&redirect_uri=");
            url.Append(redirect);
            url.Append("&state=");
            url.AppendBase64Url(state);
            if (scope.Length > 0)
            {
                url.Append("&scope=");
                url.Append(scope);
            }

            if (target.UsesPkce)
            {
                url.Append("&code_challenge=");
                url.Append(RandomIds.S256(transaction.CodeVerifier));
                url.Append("&code_challenge_method=S256");
            }

            if (transaction.Nonce is not null)
            {
                url.Append("&nonce=");
                url.Append(transaction.Nonce);
            }

            url.Append(extras);
            if (prompt is not null)
            {
                url.Append("&prompt=");
                url.Append(prompt);
            }

            return url.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The provider's configured extra parameters, each as <c>&amp;name=value</c>.</summary>
    private static string ExtraParameters(AuthorizeTarget target, string? prompt)
    {
        if (target.ExtraParameters is not { Count: > 0 } parameters)
        {
            return "";
        }

        var extras = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            // "Use another account" asks for its own prompt, which wins over a configured one.
            if (prompt is null || !string.Equals(name, "prompt", StringComparison.OrdinalIgnoreCase))
            {
                extras.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        return extras.ToString();
    }

    private ref struct UrlWriter(char[] buffer)
    {
        private int _length;

        public void Append(ReadOnlySpan<char> text)
        {
            text.CopyTo(buffer.AsSpan(_length));
            _length += text.Length;
        }

        public void AppendBase64Url(ReadOnlySpan<byte> bytes) => _length += Base64Url.EncodeToChars(bytes, buffer.AsSpan(_length));

        public override readonly string ToString() => new(buffer, 0, _length);
    }

    private static IResult Refuse(ILogger logger, string provider, AuthError error, string appOrigin)
    {
        AuthLog.RequestRefused(logger, "start", provider, error.Name);
        return FramePage.Failure(error, appOrigin);
    }

    private static bool TryParseFlow(string? value, out SignInFlow flow)
    {
        (var known, flow) = value switch
        {
            null or "popup" => (true, SignInFlow.Popup),
            "redirect" => (true, SignInFlow.Redirect),
            "silent" => (true, SignInFlow.Silent),
            _ => (false, SignInFlow.Popup),
        };
        return known;
    }

    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces.
    private static bool IsScopeList(string value) =>
        value.Length <= MaxScopeLength
        && value.All(c => c == ' ' || (c >= 0x21 && c <= 0x7E && c != '"' && c != '\\'));

    private static string MergeScopes(string configured, string? extra)
    {
        if (string.IsNullOrWhiteSpace(extra))
        {
            return configured;
        }

        var scopes = configured.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var scope in extra.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!scopes.Contains(scope, StringComparer.Ordinal))
            {
                scopes.Add(scope);
            }
        }

        return string.Join(' ', scopes);
    }
}
