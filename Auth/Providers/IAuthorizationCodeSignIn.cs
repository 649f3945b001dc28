using BlazorAuth.Auth.Errors;

namespace BlazorAuth.Auth.Providers;

/// <summary>A provider the app itself signs in with the authorization code flow (RFC 6749 §4.1, with PKCE where it can).</summary>
public interface IAuthorizationCodeSignIn : IAuthProvider
{
    /// <summary>Where to send the popup and what the callback must prove; read from cached metadata.</summary>
    ValueTask<AuthorizeTarget> GetAuthorizeTargetAsync(CancellationToken cancellationToken);

    /// <summary>Exchanges an authorization code and validates everything that came back.</summary>
    Task<ProviderSignIn> ExchangeCodeAsync(CodeExchange exchange, CancellationToken cancellationToken);

    /// <summary>
    /// A specific error for an error code the provider put on its callback, where the provider's codes are
    /// known; null for the generic provider error with the provider's own (encoded, truncated) words.
    /// </summary>
    AuthError? DescribeCallbackError(string errorCode) => null;
}
