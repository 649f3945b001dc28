namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// What a session cookie of a version before server-side sessions sealed: the tokens themselves. Read once, when such a
/// cookie comes back, to move its tokens into the session's record in the store (<see cref="SessionRegistry.FindAsync"/>);
/// never written.
/// </summary>
/// <param name="ProviderToken">The refresh token; for providers without one, the access token (<paramref name="HoldsAccessToken"/>).</param>
internal sealed record LegacySessionRecord(
    string ProviderId,
    string SessionId,
    string ProviderToken,
    bool HoldsAccessToken,
    string Scope,
    Providers.UserProfile Profile,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AccessTokenExpiresAt);
