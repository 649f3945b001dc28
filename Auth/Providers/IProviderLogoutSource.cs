using BlazorAuth.Auth.Errors;

namespace BlazorAuth.Auth.Providers;

/// <summary>A provider that ends the app's sessions itself: OIDC Back-Channel and Front-Channel Logout 1.0.</summary>
public interface IProviderLogoutSource : IAuthProvider
{
    /// <summary>
    /// Validates a back-channel <c>logout_token</c>; null where the provider does not do back-channel logout. Throws
    /// <see cref="AuthFlowException"/> for a token that must not be acted on.
    /// </summary>
    Task<ProviderLogout?> ReadBackchannelLogoutAsync(string logoutToken, CancellationToken cancellationToken);

    /// <summary>
    /// The issuer a front-channel logout request must name to end this provider's sessions by their <c>sid</c>; null
    /// where the provider does not do front-channel logout (its metadata does not announce it, or it is configured off).
    /// </summary>
    ValueTask<string?> GetFrontchannelLogoutIssuerAsync(CancellationToken cancellationToken);
}
