using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// The live sessions, in the <see cref="IAuthStore"/> (a file on one machine, Redis on many): one record per session
/// holds who it is for, when it was used and the provider's tokens, sealed. A session cookie names a record and is
/// worth something only while the record is here, so ending a session here ends it everywhere.
/// </summary>
/// <remarks>
/// A record changes only by compare-and-swap on its whole value (<see cref="IAuthStore.ReplaceIfEqualAsync"/>): of two
/// writers one wins and the other reads again, and an ended (removed) session is never written back by anyone.
/// The per-user and per-provider-session indexes list sessions for the account page and for ending them. Each holds
/// at most <see cref="AuthOptions.MaxSessionsPerUser"/> entries with their start times, so an update is one read
/// and one write whatever the user has done, and a user with many sessions slows nobody else: updates are
/// serialised per index key, not globally. Index updates are read-modify-write, atomic only within one process; so
/// that app instances sharing one store cannot lose a session from an index and leave it alive, ending an index's
/// sessions also leaves a marker, a single write, and a session started before its marker is over.
/// </remarks>
public sealed class SessionRegistry(IAuthStore store, IDataProtectionProvider dataProtection, TimeProvider time, IOptions<AuthOptions> options)
{
    /// <summary>Past this, a record would cost every reader more than any provider's tokens need.</summary>
    private const int MaxRecordBytes = 64 * 1024;

    private readonly KeyedLocks _indexLocks = new();
    private readonly PayloadProtector<SessionSecrets> _secrets =
        new(dataProtection, "BlazorAuth.SessionSecrets.v1", AuthJsonContext.Default.SessionSecrets, MaxRecordBytes);

    /// <summary>The key under which a user's sessions are listed; a hash, so no identity sits in store keys.</summary>
    public static string UserKeyOf(string issuer, string subject) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + subject)));

    /// <summary>
    /// Records a new session with the provider's tokens and lists it; throws <see cref="AuthError.SessionTooLarge"/>,
    /// writing nothing, when what the provider sent is too large to keep.
    /// </summary>
    internal async Task<LiveSession> StartAsync(
        string providerId, ProviderSignIn signIn, DateTimeOffset expiresAt, string? userAgent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var profile = signIn.Profile;
        var userKey = UserKeyOf(profile.Issuer, profile.Subject);

        // The provider's own session id (the id_token's sid) is what a back-channel or front-channel logout may name.
        var providerSessionKey = profile.Claims.FirstOrDefault(c => c.Key == "sid").Value is { Length: > 0 } providerSession
            ? ProviderSessionKeyOf(profile.Issuer, providerSession)
            : null;
        var tokens = signIn.Tokens;
        var secrets = new SessionSecrets(tokens.RefreshToken, tokens.AccessToken, tokens.IdToken, tokens.Scope, profile);
        var stored = new StoredSession(
            RandomIds.New(), providerId, userKey, now, now, Truncate(userAgent), expiresAt, providerSessionKey,
            Generation: 1, Secrets: Seal(secrets), AccessTokenIssuedAt: now, AccessTokenExpiresAt: now + tokens.ExpiresIn);
        var raw = Serialize(stored);
        await store.SetAsync(SessionKey(stored.SessionId), raw, expiresAt, cancellationToken);
        await AddToIndexAsync(UserIndexKey(userKey), stored, cancellationToken);
        if (providerSessionKey is not null)
        {
            await AddToIndexAsync(ProviderSessionIndexKey(providerSessionKey), stored, cancellationToken);
        }

        return new LiveSession(stored, secrets, raw);
    }

    /// <summary>
    /// The live session a cookie names, with its tokens; null when it has ended, idled out, run past its lifetime, or
    /// belongs to another provider. A session recorded by an earlier version gets the tokens its cookie carried.
    /// </summary>
    internal async Task<LiveSession?> FindAsync(SessionCookie cookie, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await ReadLiveAsync(cookie.SessionId, cancellationToken) is not (var stored, var raw) || stored.ProviderId != cookie.ProviderId)
            {
                return null;
            }

            if (stored.Secrets is not null)
            {
                return Open(stored, raw);
            }

            if (cookie.Legacy is not { } legacy)
            {
                return null;
            }

            var (upgradedRecord, secrets) = Upgraded(stored, legacy);
            if (await TryReplaceAsync(raw, upgradedRecord, secrets, cancellationToken) is { } upgraded)
            {
                return upgraded;
            }
        }

        return null;
    }

    /// <summary>The live session with this id, with its tokens; null when it is over.</summary>
    internal async Task<LiveSession?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        await ReadLiveAsync(sessionId, cancellationToken) is (var stored, var raw) && stored.Secrets is not null ? Open(stored, raw) : null;

    public async Task<bool> IsLiveAsync(string sessionId, CancellationToken cancellationToken) =>
        await ReadLiveAsync(sessionId, cancellationToken) is not null;

    /// <summary>
    /// Replaces the session's record with <paramref name="next"/> (and <paramref name="secrets"/>, when they changed)
    /// only if it is still what <paramref name="current"/> read; null, writing nothing, when anyone changed or ended it.
    /// </summary>
    internal Task<LiveSession?> TryReplaceAsync(LiveSession current, StoredSession next, SessionSecrets? secrets, CancellationToken cancellationToken) =>
        secrets is null
            ? TryReplaceAsync(current.Raw, next with { Secrets = current.Stored.Secrets }, current.Secrets, cancellationToken)
            : TryReplaceAsync(current.Raw, next with { Secrets = Seal(secrets) }, secrets, cancellationToken);

    /// <summary>
    /// Marks the session as used now, for the idle timeout. At most once per <see cref="TouchInterval"/>, and lost
    /// without harm to a concurrent change (which is use too): a touch must never cost a renewal its write.
    /// </summary>
    /// <returns>
    /// The record the touch wrote, or <paramref name="session"/> when there was none: a caller that goes on to change the
    /// session (a renewal's claim) starts from what the store holds, not from a read the touch made stale.
    /// </returns>
    internal async Task<LiveSession> TouchAsync(LiveSession session, CancellationToken cancellationToken) =>
        time.GetUtcNow() - session.Stored.LastSeen >= TouchInterval
        && await TryReplaceAsync(session, session.Stored with { LastSeen = time.GetUtcNow() }, null, cancellationToken) is { } touched
            ? touched
            : session;

    private TimeSpan TouchInterval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, options.Value.SessionIdleTimeout.Ticks / 20));

    public Task EndAsync(string sessionId, CancellationToken cancellationToken) => store.RemoveAsync(SessionKey(sessionId), cancellationToken);

    /// <summary>
    /// Ends a live session because its user signed out, and remembers that for a while, so that the browser's other
    /// tabs can say why they are signed out. Call it only for a session that was found live: nothing is kept for others.
    /// </summary>
    internal async Task SignOutAsync(string sessionId, CancellationToken cancellationToken)
    {
        await MarkEndedAsync(SignedOutKey(sessionId), SignedOutRemembered, cancellationToken);
        await EndAsync(sessionId, cancellationToken);
    }

    /// <summary>Long enough for every open tab to notice (revalidation, renewal), short enough to cost nothing.</summary>
    private TimeSpan SignedOutRemembered => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(10).Ticks, options.Value.SessionRevalidationInterval.Ticks * 4));

    /// <summary>The user's live sessions, newest first.</summary>
    public async Task<IReadOnlyList<SessionEntry>> ListAsync(string userKey, CancellationToken cancellationToken)
    {
        var entries = new List<SessionEntry>();
        foreach (var indexed in await ReadIndexAsync(UserIndexKey(userKey), cancellationToken))
        {
            if (await ReadLiveAsync(indexed.SessionId, cancellationToken) is (var stored, _))
            {
                entries.Add(stored.ToEntry());
            }
        }

        return [.. entries.OrderByDescending(e => e.StartedAt)];
    }

    /// <summary>Ends every session of the user: each tab and circuit of theirs signs out at its next check.</summary>
    public async Task EndAllAsync(string userKey, CancellationToken cancellationToken)
    {
        await MarkEndedAsync(UserEndedKey(userKey), cancellationToken);
        await EndIndexedAsync(UserIndexKey(userKey), cancellationToken);
    }

    /// <summary>
    /// Ends the sessions opened with the provider session a provider's logout names; false, storing nothing, when
    /// no session was opened with it (a logout anyone can send must not fill the store).
    /// </summary>
    public async Task<bool> EndByProviderSessionAsync(string issuer, string providerSession, CancellationToken cancellationToken)
    {
        var providerSessionKey = ProviderSessionKeyOf(issuer, providerSession);
        var indexKey = ProviderSessionIndexKey(providerSessionKey);
        if (await store.GetAsync(indexKey, cancellationToken) is null)
        {
            return false;
        }

        await MarkEndedAsync(ProviderSessionEndedKey(providerSessionKey), cancellationToken);
        await EndIndexedAsync(indexKey, cancellationToken);
        return true;
    }

    /// <summary>
    /// Why the user's session is over, for the words that tell them: a sign-out in this browser, a sign-out everywhere or
    /// the provider's logout marked after <paramref name="knownLiveAt"/>, when the session was last seen live, or none.
    /// </summary>
    internal async Task<SessionEnd> WhyEndedAsync(ClaimsPrincipal user, DateTimeOffset knownLiveAt, CancellationToken cancellationToken)
    {
        if (user.FindFirst("iss")?.Value is not { } issuer || user.FindFirst("sub")?.Value is not { } subject)
        {
            return SessionEnd.Ended;
        }

        // A sign-out in this browser comes first: the provider's logout and the end of the other sessions follow from it.
        if (user.FindFirst(SignedInUser.SessionClaim)?.Value is { } sessionId
            && await MarkedSinceAsync(SignedOutKey(sessionId), knownLiveAt, cancellationToken))
        {
            return SessionEnd.SignedOut;
        }

        if (await MarkedSinceAsync(UserEndedKey(UserKeyOf(issuer, subject)), knownLiveAt, cancellationToken))
        {
            return SessionEnd.SignedOutEverywhere;
        }

        return user.FindFirst("sid")?.Value is { Length: > 0 } providerSession
            && await MarkedSinceAsync(ProviderSessionEndedKey(ProviderSessionKeyOf(issuer, providerSession)), knownLiveAt, cancellationToken)
            ? SessionEnd.SignedOutAtProvider
            : SessionEnd.Ended;
    }

    private async Task<bool> MarkedSinceAsync(string markerKey, DateTimeOffset since, CancellationToken cancellationToken) =>
        await MarkedAtAsync(markerKey, cancellationToken) >= since.UtcTicks;

    /// <summary>When a marker was set, in UTC ticks; null when there is none.</summary>
    private async Task<long?> MarkedAtAsync(string markerKey, CancellationToken cancellationToken) =>
        await store.GetAsync(markerKey, cancellationToken) is { Length: sizeof(long) } bytes ? BitConverter.ToInt64(bytes) : null;

    private Task MarkEndedAsync(string markerKey, CancellationToken cancellationToken) =>
        MarkEndedAsync(markerKey, options.Value.SessionLifetime, cancellationToken);

    private Task MarkEndedAsync(string markerKey, TimeSpan keptFor, CancellationToken cancellationToken) =>
        store.SetAsync(markerKey, BitConverter.GetBytes(time.GetUtcNow().UtcTicks), time.GetUtcNow() + keptFor, cancellationToken);

    /// <summary>Whether the marker says the sessions it covers, started before it, are over.</summary>
    private async Task<bool> EndedByMarkerAsync(string markerKey, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        startedAt.UtcTicks < await MarkedAtAsync(markerKey, cancellationToken);

    private async Task EndIndexedAsync(string indexKey, CancellationToken cancellationToken)
    {
        foreach (var indexed in await ReadIndexAsync(indexKey, cancellationToken))
        {
            await EndAsync(indexed.SessionId, cancellationToken);
        }
    }

    /// <summary>
    /// Adds the session to the index, dropping entries past the session lifetime (over whatever their state) and, past
    /// the cap, ending the oldest sessions: bounded work, with no read of the sessions themselves.
    /// </summary>
    private async Task AddToIndexAsync(string indexKey, StoredSession entry, CancellationToken cancellationToken)
    {
        using (await _indexLocks.EnterAsync(indexKey, cancellationToken))
        {
            var oldestLive = time.GetUtcNow() - options.Value.SessionLifetime;
            var indexed = (await ReadIndexAsync(indexKey, cancellationToken))
                .Where(i => i.StartedAt > oldestLive && i.SessionId != entry.SessionId)
                .OrderBy(i => i.StartedAt)
                .ToList();
            var excess = indexed.Count + 1 - options.Value.MaxSessionsPerUser;
            for (var i = 0; i < excess; i++)
            {
                await EndAsync(indexed[i].SessionId, cancellationToken);
            }

            IndexedSession[] updated = [.. indexed.Skip(Math.Max(excess, 0)), new IndexedSession(entry.SessionId, entry.StartedAt)];
            await store.SetAsync(indexKey, JsonSerializer.SerializeToUtf8Bytes(updated, AuthJsonContext.Default.IndexedSessionArray),
                time.GetUtcNow() + options.Value.SessionLifetime, cancellationToken);
        }
    }

    /// <summary>The session's record and its bytes while it is live; removes it, answering null, once it is over.</summary>
    private async Task<(StoredSession Stored, byte[] Raw)?> ReadLiveAsync(string sessionId, CancellationToken cancellationToken)
    {
        var raw = await store.GetAsync(SessionKey(sessionId), cancellationToken);
        if (raw is null)
        {
            return null;
        }

        var stored = Deserialize(raw);
        var now = time.GetUtcNow();
        if (stored is null || now >= stored.AbsoluteExpiry || now - stored.LastSeen > options.Value.SessionIdleTimeout
            || await EndedByAnyMarkerAsync(stored, cancellationToken))
        {
            await EndAsync(sessionId, cancellationToken);
            return null;
        }

        return (stored, raw);
    }

    /// <param name="secrets">
    /// What <paramref name="next"/> holds sealed, already open: opening it again after the write would cost a key
    /// derivation and a decryption of most of the record's bytes, twice in every renewal.
    /// </param>
    private async Task<LiveSession?> TryReplaceAsync(byte[] expected, StoredSession next, SessionSecrets secrets, CancellationToken cancellationToken)
    {
        var raw = Serialize(next);
        return await store.ReplaceIfEqualAsync(SessionKey(next.SessionId), expected, raw, next.AbsoluteExpiry, cancellationToken)
            ? new LiveSession(next, secrets, raw)
            : null;
    }

    /// <summary>
    /// A record of an earlier version, with the tokens its cookie carried. That cookie held no access token for a
    /// session with a refresh token, so the access token counts as due: whoever needs one renews it first.
    /// </summary>
    private (StoredSession Record, SessionSecrets Secrets) Upgraded(StoredSession stored, LegacySessionRecord legacy)
    {
        var now = time.GetUtcNow();
        var secrets = legacy.HoldsAccessToken
            ? new SessionSecrets(null, legacy.ProviderToken, stored.IdToken, legacy.Scope, legacy.Profile)
            : new SessionSecrets(legacy.ProviderToken, "", stored.IdToken, legacy.Scope, legacy.Profile);
        return (stored with
        {
            Generation = stored.Generation + 1,
            Secrets = Seal(secrets),
            AccessTokenIssuedAt = legacy.HoldsAccessToken ? null : now,
            AccessTokenExpiresAt = legacy.HoldsAccessToken ? legacy.AccessTokenExpiresAt : now,
            IdToken = null,
        }, secrets);
    }

    /// <summary>The record with its secrets opened; null (the session cannot go on) if the key that sealed them is gone.</summary>
    private LiveSession? Open(StoredSession stored, byte[] raw) =>
        _secrets.Unprotect(stored.Secrets) is { } secrets ? new LiveSession(stored, secrets, raw) : null;

    private string Seal(SessionSecrets secrets) =>
        _secrets.Protect(secrets) is { Length: <= MaxRecordBytes } sealedSecrets ? sealedSecrets : throw new AuthFlowException(AuthError.SessionTooLarge);

    private static byte[] Serialize(StoredSession stored) => JsonSerializer.SerializeToUtf8Bytes(stored, AuthJsonContext.Default.StoredSession);

    private static StoredSession? Deserialize(byte[] raw)
    {
        try
        {
            return JsonSerializer.Deserialize(raw, AuthJsonContext.Default.StoredSession);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Both end markers that may cover the session, read together: one round trip on Redis.</summary>
    private async Task<bool> EndedByAnyMarkerAsync(StoredSession entry, CancellationToken cancellationToken)
    {
        var byUser = EndedByMarkerAsync(UserEndedKey(entry.UserKey), entry.StartedAt, cancellationToken);
        var byProviderSession = entry.ProviderSessionKey is { } providerSessionKey
            ? EndedByMarkerAsync(ProviderSessionEndedKey(providerSessionKey), entry.StartedAt, cancellationToken)
            : Task.FromResult(false);
        return (await Task.WhenAll(byUser, byProviderSession)).Contains(true);
    }

    private async Task<IndexedSession[]> ReadIndexAsync(string indexKey, CancellationToken cancellationToken) =>
        await store.GetAsync(indexKey, cancellationToken) is { } bytes
            ? JsonSerializer.Deserialize(bytes, AuthJsonContext.Default.IndexedSessionArray) ?? []
            : [];

    private static string SessionKey(string sessionId) => "blazorauth:session:" + sessionId;

    private static string UserIndexKey(string userKey) => "blazorauth:user-sessions:" + userKey;

    /// <summary>A provider's session as the registry keys it: hashed like a user, since a sid is only unique per issuer.</summary>
    private static string ProviderSessionKeyOf(string issuer, string providerSession) => UserKeyOf(issuer, providerSession);

    private static string SignedOutKey(string sessionId) => "blazorauth:signed-out:" + sessionId;

    private static string UserEndedKey(string userKey) => "blazorauth:user-ended:" + userKey;

    private static string ProviderSessionIndexKey(string providerSessionKey) => "blazorauth:provider-session-sessions:" + providerSessionKey;

    private static string ProviderSessionEndedKey(string providerSessionKey) => "blazorauth:provider-session-ended:" + providerSessionKey;

    private static string? Truncate(string? userAgent) => userAgent is { Length: > 200 } ? userAgent[..200] : userAgent;
}

/// <summary>One live session, as the account page lists it.</summary>
/// <param name="ProviderSessionKey">The hashed issuer and sid of the provider session it was opened with, if any.</param>
public sealed record SessionEntry(
    string SessionId, string ProviderId, string UserKey, DateTimeOffset StartedAt, DateTimeOffset LastSeen, string? UserAgent,
    DateTimeOffset AbsoluteExpiry, string? ProviderSessionKey = null);

/// <summary>A session as an index lists it: enough to drop it or end the oldest without reading it.</summary>
internal sealed record IndexedSession(string SessionId, DateTimeOffset StartedAt);
