using BlazorAuth.Auth.Providers;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// A session's one record in the store: what the registry needs in the clear (whose it is, when it was used, how long
/// it lives), the provider's tokens sealed, and a generation that every change bumps. Changes are compare-and-swap on
/// the whole record, so two writers never both win and a removed (ended) session is never written back.
/// </summary>
/// <param name="Secrets">The sealed <see cref="SessionSecrets"/>; null only in a record written before sessions held their tokens.</param>
/// <param name="AccessTokenIssuedAt">When the current access token was obtained, to tell when it is due for renewal.</param>
/// <param name="Renewal">Set while one caller renews the session at the provider: the others wait for its result.</param>
/// <param name="IdToken">Only in records written before sessions held their tokens: the id_token kept for sign-out.</param>
internal sealed record StoredSession(
    string SessionId,
    string ProviderId,
    string UserKey,
    DateTimeOffset StartedAt,
    DateTimeOffset LastSeen,
    string? UserAgent,
    DateTimeOffset AbsoluteExpiry,
    string? ProviderSessionKey,
    long Generation = 0,
    string? Secrets = null,
    DateTimeOffset? AccessTokenIssuedAt = null,
    DateTimeOffset? AccessTokenExpiresAt = null,
    RenewalClaim? Renewal = null,
    string? IdToken = null)
{
    public SessionEntry ToEntry() => new(SessionId, ProviderId, UserKey, StartedAt, LastSeen, UserAgent, AbsoluteExpiry, ProviderSessionKey);
}

/// <summary>A renewal under way: its holder's random fence, and when it is over whether or not its holder said so.</summary>
internal sealed record RenewalClaim(string Fence, DateTimeOffset Until);

/// <summary>What a session holds of its provider, sealed with Data Protection in the store and never sent to the browser.</summary>
/// <param name="RefreshToken">Null when the provider gave none: the session then lives as long as its access token.</param>
internal sealed record SessionSecrets(string? RefreshToken, string AccessToken, string? IdToken, string Scope, UserProfile Profile);

/// <summary>A live session as read from the store: the record, its opened secrets, and the exact bytes a change must replace.</summary>
internal sealed record LiveSession(StoredSession Stored, SessionSecrets Secrets, byte[] Raw)
{
    public string SessionId => Stored.SessionId;

    public string ProviderId => Stored.ProviderId;

    public UserProfile Profile => Secrets.Profile;

    /// <summary>What the provider renews or revokes.</summary>
    public ProviderGrant ToGrant() => new(Secrets.RefreshToken ?? Secrets.AccessToken, Secrets.RefreshToken is null, Secrets.Scope, Secrets.Profile);

    /// <summary>The user the circuit signs in: who, and until when the access token runs.</summary>
    public SignedInUser ToUser() => new(ProviderId, SessionId, Profile, Stored.AccessTokenExpiresAt, Secrets.RefreshToken is null);

    /// <summary>
    /// Whether the access token is in the last quarter of its life (or past it): then a caller that needs it renews it.
    /// A token whose lifetime the provider did not say is never due; one with no refresh token cannot be renewed here.
    /// </summary>
    public bool IsDue(DateTimeOffset now) =>
        Secrets.RefreshToken is not null
        && Stored.AccessTokenExpiresAt is { } expiresAt
        && now >= expiresAt - ((expiresAt - (Stored.AccessTokenIssuedAt ?? expiresAt)) / 4);

    /// <summary>A session that lives on its access token alone is over once that token is.</summary>
    public bool AccessTokenRanOut(DateTimeOffset now) =>
        Secrets.RefreshToken is null && Stored.AccessTokenExpiresAt is { } expiresAt && expiresAt <= now;
}
