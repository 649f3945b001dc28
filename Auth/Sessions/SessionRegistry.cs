using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Which sessions are live, in the <see cref="IAuthStore"/> (a file on one machine, Redis on many): a session cookie is
/// worth something only while its session is here, so ending a session here ends it everywhere.
/// </summary>
/// <remarks>
/// The per-user and per-provider-session indexes list sessions for the account page and for ending them. Each holds
/// at most <see cref="AuthOptions.MaxSessionsPerUser"/> entries with their start times, so an update is one read
/// and one write whatever the user has done, and a user with many sessions slows nobody else: updates are
/// serialised per index key, not globally. Updates are read-modify-write, atomic only within one process; so that
/// app instances sharing one store cannot lose a session from an index and leave it alive, ending an index's
/// sessions also leaves a marker, a single write, and a session started before its marker is over.
/// </remarks>
public sealed class SessionRegistry(IAuthStore store, TimeProvider time, IOptions<AuthOptions> options)
{
    private readonly IndexLocks _indexLocks = new();

    /// <summary>The key under which a user's sessions are listed; a hash, so no identity sits in store keys.</summary>
    public static string UserKeyOf(string issuer, string subject) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + subject)));

    /// <param name="idToken">Kept server-side (not in the cookie) as the <c>id_token_hint</c> of the provider's sign-out.</param>
    internal async Task RegisterAsync(SessionRecord record, string? userAgent, string? idToken, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var userKey = UserKeyOf(record.Profile.Issuer, record.Profile.Subject);

        // The provider's own session id (the id_token's sid) is what a back-channel or front-channel logout may name.
        var providerSessionKey = record.Profile.Claims.FirstOrDefault(c => c.Key == "sid").Value is { Length: > 0 } providerSession
            ? ProviderSessionKeyOf(record.Profile.Issuer, providerSession)
            : null;
        var entry = new SessionEntry(record.SessionId, record.ProviderId, userKey, now, now, Truncate(userAgent), record.ExpiresAt, providerSessionKey, idToken);
        await SaveAsync(entry, cancellationToken);
        await AddToIndexAsync(UserIndexKey(userKey), entry, cancellationToken);
        if (providerSessionKey is not null)
        {
            await AddToIndexAsync(ProviderSessionIndexKey(providerSessionKey), entry, cancellationToken);
        }
    }

    /// <summary>Marks the session as used now; false when it has ended, idled out or run past its lifetime.</summary>
    public async Task<bool> TouchAsync(string sessionId, CancellationToken cancellationToken)
    {
        var entry = await LiveEntryAsync(sessionId, cancellationToken);
        if (entry is null)
        {
            return false;
        }

        await SaveAsync(entry with { LastSeen = time.GetUtcNow() }, cancellationToken);
        return true;
    }

    public async Task<bool> IsLiveAsync(string sessionId, CancellationToken cancellationToken) =>
        await LiveEntryAsync(sessionId, cancellationToken) is not null;

    public Task EndAsync(string sessionId, CancellationToken cancellationToken) => store.RemoveAsync(SessionKey(sessionId), cancellationToken);

    /// <summary>Ends the session; answers the id_token it was opened with, if it was live and had one.</summary>
    public async Task<string?> EndAndTakeIdTokenAsync(string sessionId, CancellationToken cancellationToken)
    {
        var entry = await LiveEntryAsync(sessionId, cancellationToken);
        await EndAsync(sessionId, cancellationToken);
        return entry?.IdToken;
    }

    /// <summary>The user's live sessions, newest first.</summary>
    public async Task<IReadOnlyList<SessionEntry>> ListAsync(string userKey, CancellationToken cancellationToken)
    {
        var entries = new List<SessionEntry>();
        foreach (var indexed in await ReadIndexAsync(UserIndexKey(userKey), cancellationToken))
        {
            if (await LiveEntryAsync(indexed.SessionId, cancellationToken) is { } entry)
            {
                entries.Add(entry);
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

    private Task MarkEndedAsync(string markerKey, CancellationToken cancellationToken) =>
        store.SetAsync(markerKey, BitConverter.GetBytes(time.GetUtcNow().UtcTicks), time.GetUtcNow() + options.Value.SessionLifetime, cancellationToken);

    /// <summary>Whether the marker says the sessions it covers, started before it, are over.</summary>
    private async Task<bool> EndedByMarkerAsync(string markerKey, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        await store.GetAsync(markerKey, cancellationToken) is { Length: sizeof(long) } bytes
        && startedAt.UtcTicks < BitConverter.ToInt64(bytes);

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
    private async Task AddToIndexAsync(string indexKey, SessionEntry entry, CancellationToken cancellationToken)
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

    private async Task<SessionEntry?> LiveEntryAsync(string sessionId, CancellationToken cancellationToken)
    {
        var bytes = await store.GetAsync(SessionKey(sessionId), cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var entry = JsonSerializer.Deserialize(bytes, AuthJsonContext.Default.SessionEntry);
        var now = time.GetUtcNow();
        if (entry is null || now >= entry.AbsoluteExpiry || now - entry.LastSeen > options.Value.SessionIdleTimeout
            || await EndedByAnyMarkerAsync(entry, cancellationToken))
        {
            await EndAsync(sessionId, cancellationToken);
            return null;
        }

        return entry;
    }

    /// <summary>Both end markers that may cover the session, read together: one round trip on Redis.</summary>
    private async Task<bool> EndedByAnyMarkerAsync(SessionEntry entry, CancellationToken cancellationToken)
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

    private Task SaveAsync(SessionEntry entry, CancellationToken cancellationToken) =>
        store.SetAsync(SessionKey(entry.SessionId), JsonSerializer.SerializeToUtf8Bytes(entry, AuthJsonContext.Default.SessionEntry),
            entry.AbsoluteExpiry, cancellationToken);

    private static string SessionKey(string sessionId) => "blazorauth:session:" + sessionId;

    private static string UserIndexKey(string userKey) => "blazorauth:user-sessions:" + userKey;

    /// <summary>A provider's session as the registry keys it: hashed like a user, since a sid is only unique per issuer.</summary>
    private static string ProviderSessionKeyOf(string issuer, string providerSession) => UserKeyOf(issuer, providerSession);

    private static string UserEndedKey(string userKey) => "blazorauth:user-ended:" + userKey;

    private static string ProviderSessionIndexKey(string providerSessionKey) => "blazorauth:provider-session-sessions:" + providerSessionKey;

    private static string ProviderSessionEndedKey(string providerSessionKey) => "blazorauth:provider-session-ended:" + providerSessionKey;

    private static string? Truncate(string? userAgent) => userAgent is { Length: > 200 } ? userAgent[..200] : userAgent;
}

/// <summary>One live session, as the registry and the account page know it.</summary>
/// <param name="ProviderSessionKey">The hashed issuer and sid of the provider session it was opened with, if any.</param>
/// <param name="IdToken">The id_token it was opened with: the hint the provider's sign-out asks for.</param>
public sealed record SessionEntry(
    string SessionId, string ProviderId, string UserKey, DateTimeOffset StartedAt, DateTimeOffset LastSeen, string? UserAgent,
    DateTimeOffset AbsoluteExpiry, string? ProviderSessionKey = null, string? IdToken = null);

/// <summary>A session as an index lists it: enough to drop it or end the oldest without reading it.</summary>
internal sealed record IndexedSession(string SessionId, DateTimeOffset StartedAt);
