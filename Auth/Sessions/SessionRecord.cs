using BlazorAuth.Auth.Providers;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// What the session cookie holds, protected by Data Protection: enough to renew the session at the provider
/// and to know who it belongs to, with an absolute expiry that no refresh extends.
/// </summary>
/// <param name="ProviderToken">The provider's refresh token; for providers without one, the access token (<paramref name="HoldsAccessToken"/>).</param>
/// <param name="AccessTokenExpiresAt">When the provider said its access token expires, for sessions that hold one.</param>
internal sealed record SessionRecord(
    string ProviderId,
    string SessionId,
    string ProviderToken,
    bool HoldsAccessToken,
    string Scope,
    UserProfile Profile,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AccessTokenExpiresAt)
{
    /// <summary>What the provider renews or revokes.</summary>
    public ProviderGrant ToGrant() => new(ProviderToken, HoldsAccessToken, Scope, Profile);
}
