using System.Text.Json;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers.Protocol;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.CentralAuth;

/// <summary>
/// CentralAuth (docs/providers.md, "CentralAuth"): login with code + state + PKCE, the code verified at <c>/api/v1/verify</c>
/// with Basic auth, JWE tokens opened with the client secret, the user from userinfo (or the id_token),
/// renewal by asking userinfo again, logout at <c>/api/v1/logout</c>. It issues no refresh token.
/// </summary>
internal sealed class CentralAuthProvider(
    string id,
    CentralAuthProviderOptions options,
    CentralAuthClient client,
    CentralAuthTokens tokens,
    IHttpContextAccessor http,
    string appOrigin,
    ILogger logger) : IAuthorizationCodeSignIn, ISessionRenewal, IProviderSignOut, IAutologinHops
{
    public const string TypeName = "centralauth";

    private readonly string _issuer = options.Authority!.TrimEnd('/');

    private readonly AuthorizeTarget _target = new(
        new Uri(options.Authority!.TrimEnd('/') + "/login"), Issuer: null, IssParameterRequired: false, UsesNonce: false, UsesPkce: true,
        options.ClientId!, Scope: "");

    public string Id => id;

    public string DisplayName => options.DisplayName ?? id;

    public string Type => TypeName;

    public ValueTask<AuthorizeTarget> GetAuthorizeTargetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_target);

    public AuthError? DescribeCallbackError(string errorCode) => CentralAuthErrors.For(errorCode);

    public bool AllowsAutologinVia(string origin) =>
        options.AutologinOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase)
        || string.Equals(origin, new Uri(_issuer).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    /// <summary>On to CentralAuth's <c>return_to</c> when it is one of the app's origins or CentralAuth itself, over https (http only on loopback).</summary>
    public string ContinueHop(HttpRequest callback) =>
        callback.Query["return_to"] is { Count: 1 } values
        && Uri.TryCreate(values[0], UriKind.Absolute, out var next)
        && (next.Scheme == Uri.UriSchemeHttps || (next.Scheme == Uri.UriSchemeHttp && next.IsLoopback))
        && string.IsNullOrEmpty(next.UserInfo)
        && AllowsAutologinVia(next.GetLeftPart(UriPartial.Authority))
            ? next.AbsoluteUri
            : "/";

    public async Task<ProviderSignIn> ExchangeCodeAsync(CodeExchange exchange, CancellationToken cancellationToken)
    {
        var answer = await client.VerifyAsync(exchange.Code, exchange.RedirectUri, exchange.CodeVerifier, cancellationToken);
        var accessToken = answer.StringOf("access_token");
        var idToken = answer.StringOf("id_token");
        var access = tokens.Open(accessToken);
        var identity = tokens.Open(idToken);
        if (access is null || identity is null
            || access.Value.StringOf("sessionId") is not { } sessionId
            || identity.Value.StringOf("sessionId") != sessionId)
        {
            AuthLog.IdTokenRejected(logger, id, "tokens did not decrypt, or name different sessions");
            throw new AuthFlowException(AuthError.InvalidIdToken);
        }

        var user = options.UserFromIdToken
            ? identity.Value.TryGetProperty("user", out var fromToken) ? CentralAuthUser.From(fromToken) : null
            : await UserInfoAsync(accessToken!, cancellationToken);
        var profile = ProfileOf(user);
        var expiresIn = answer.TryGetProperty("expires_in", out var seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt32(out var value) && value > 0
            ? TimeSpan.FromSeconds(value)
            : (TimeSpan?)null;
        return new ProviderSignIn(new ProviderTokens(accessToken!, idToken, null, "", expiresIn), profile);
    }

    /// <summary>CentralAuth has no refresh token: the session is renewed by asking userinfo about the stored access token.</summary>
    public async Task<ProviderSignIn> RefreshAsync(ProviderGrant grant, CancellationToken cancellationToken)
    {
        CentralAuthUser? user;
        try
        {
            user = await UserInfoAsync(grant.Token, cancellationToken);
        }
        catch (AuthFlowException e) when (CentralAuthErrors.EndsSession(e.ProviderText))
        {
            throw new AuthFlowException(AuthError.SessionEnded, inner: e);
        }
        catch (AuthFlowException e) when (e.ProviderText is not null)
        {
            throw new AuthFlowException(AuthError.ProviderBadResponse, inner: e);
        }

        var profile = ProfileOf(user);
        if (profile.Subject != grant.Profile.Subject)
        {
            throw new AuthFlowException(AuthError.IdentityChanged);
        }

        return grant.Unrenewed(profile);
    }

    public async Task<Uri?> SignOutAsync(ProviderGrant grant, string? idTokenHint, CancellationToken cancellationToken)
    {
        try
        {
            await client.LogoutAsync(grant.Token, cancellationToken);
        }
        catch (AuthFlowException e)
        {
            // Signing out locally must not depend on CentralAuth being up.
            AuthLog.RevocationFailed(logger, id, e.Error.Name);
        }

        return null;
    }

    private async Task<CentralAuthUser?> UserInfoAsync(string accessToken, CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        var answer = await client.UserInfoAsync(
            accessToken, appOrigin, context?.Request.Headers.UserAgent.ToString(), context?.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return CentralAuthUser.From(answer);
    }

    private UserProfile ProfileOf(CentralAuthUser? user)
    {
        if (user is null)
        {
            AuthLog.IdTokenRejected(logger, id, "no user");
            throw new AuthFlowException(AuthError.ProviderBadResponse);
        }

        if (user.Blocked)
        {
            throw new AuthFlowException(CentralAuthErrors.For("noPermission"));
        }

        return new UserProfile(user.Id, _issuer, options.ClientId, user.Email, user.Email, user.Gravatar, user.Claims, user.Email is not null && user.Verified);
    }

}
