using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Providers;

/// <summary>
/// One configured identity provider. The routes speak only to this interface, so a new provider
/// type plugs in without touching them.
/// </summary>
public interface IAuthProvider
{
    string Id { get; }

    string DisplayName { get; }

    string Type { get; }

    /// <summary>False for providers that sign the user in without a popup (an authenticating proxy).</summary>
    bool OffersSignIn => true;

    /// <summary>Where to send the popup and what the callback must prove; read from cached metadata.</summary>
    ValueTask<AuthorizeTarget> GetAuthorizeTargetAsync(CancellationToken cancellationToken);

    /// <summary>Exchanges an authorization code and validates everything that came back.</summary>
    Task<ProviderSignIn> ExchangeCodeAsync(CodeExchange exchange, CancellationToken cancellationToken);

    /// <summary>Renews the session's tokens; throws <see cref="AuthFlowException"/> when the session is over.</summary>
    Task<ProviderSignIn> RefreshAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>
    /// Revokes what can be revoked; answers the provider's end-session URL where it has a safe one, for the browser to
    /// visit so the provider's own session ends too.
    /// </summary>
    /// <param name="idTokenHint">The id_token the session was opened with, if any, for the provider to know whose sign-out it is.</param>
    Task<Uri?> SignOutAsync(SessionRecord session, string? idTokenHint, CancellationToken cancellationToken);

    /// <summary>
    /// A specific error for an error code the provider put on its callback, where the provider's codes are
    /// known; null for the generic provider error with the provider's own (encoded, truncated) words.
    /// </summary>
    AuthError? DescribeCallbackError(string errorCode) => null;

    /// <summary>
    /// Whether a callback may be an autologin hop for a transaction started by the app at
    /// <paramref name="origin"/>, or be sent on to <paramref name="origin"/> afterwards (CentralAuth's
    /// autologin across an organisation's domains). Only such hops skip the browser binding. Default: never.
    /// </summary>
    bool AllowsAutologinVia(string origin) => false;

    /// <summary>
    /// Validates an OIDC Back-Channel Logout 1.0 <c>logout_token</c>; null where the provider type has no back
    /// channel logout. Throws <see cref="AuthFlowException"/> for a token that must not be acted on.
    /// </summary>
    Task<ProviderLogout?> ReadBackchannelLogoutAsync(string logoutToken, CancellationToken cancellationToken) =>
        Task.FromResult<ProviderLogout?>(null);

    /// <summary>
    /// The issuer an OIDC Front-Channel Logout 1.0 request must name to end this provider's sessions by their
    /// <c>sid</c>; null where the provider does not do front-channel logout (its type has none, its metadata does not
    /// announce it, or it is configured off).
    /// </summary>
    ValueTask<string?> GetFrontchannelLogoutIssuerAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    /// <summary>
    /// For providers that vouch for the user on every request (an authenticating proxy): the user of this
    /// request when there is no session yet; null where the provider does not work that way.
    /// </summary>
    ValueTask<ProviderSignIn?> SignInFromRequestAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.FromResult<ProviderSignIn?>(null);
}
