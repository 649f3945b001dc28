using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlazorAuth.Auth.Configuration;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Which sessions are live, behind <see cref="IDistributedCache"/> (in memory by default): a session cookie is
/// worth something only while its session is here, so ending a session here ends it everywhere.
/// </summary>
public sealed class SessionRegistry(IDistributedCache cache, TimeProvider time, IOptions<AuthOptions> options)
{
    private readonly SemaphoreSlim _userIndexLock = new(1, 1);

    /// <summary>The key under which a user's sessions are listed; a hash, so no identity sits in cache keys.</summary>
    public static string UserKeyOf(string issuer, string subject) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + subject)));

    public async Task RegisterAsync(SessionRecord record, string? userAgent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var userKey = UserKeyOf(record.Profile.Issuer, record.Profile.Subject);
        var entry = new SessionEntry(record.SessionId, record.ProviderId, userKey, now, now, Truncate(userAgent), record.ExpiresAt);
        await SaveAsync(entry, cancellationToken);

        await _userIndexLock.WaitAsync(cancellationToken);
        try
        {
            var ids = await SessionIdsAsync(userKey, cancellationToken);
            var live = new List<string> { record.SessionId };
            foreach (var id in ids)
            {
                if (await LiveEntryAsync(id, cancellationToken) is not null)
                {
                    live.Add(id);
                }
            }

            await cache.SetAsync(UserIndexKey(userKey), JsonSerializer.SerializeToUtf8Bytes(live.ToArray(), AuthJsonContext.Default.StringArray),
                new DistributedCacheEntryOptions { AbsoluteExpiration = now + options.Value.SessionLifetime }, cancellationToken);
        }
        finally
        {
            _userIndexLock.Release();
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

    public Task EndAsync(string sessionId, CancellationToken cancellationToken) => cache.RemoveAsync(SessionKey(sessionId), cancellationToken);

    /// <summary>The user's live sessions, newest first.</summary>
    public async Task<IReadOnlyList<SessionEntry>> ListAsync(string userKey, CancellationToken cancellationToken)
    {
        var entries = new List<SessionEntry>();
        foreach (var id in await SessionIdsAsync(userKey, cancellationToken))
        {
            if (await LiveEntryAsync(id, cancellationToken) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return [.. entries.OrderByDescending(e => e.StartedAt)];
    }

    /// <summary>Ends every session of the user: each tab and circuit of theirs signs out at its next check.</summary>
    public async Task EndAllAsync(string userKey, CancellationToken cancellationToken)
    {
        foreach (var id in await SessionIdsAsync(userKey, cancellationToken))
        {
            await EndAsync(id, cancellationToken);
        }
    }

    private async Task<SessionEntry?> LiveEntryAsync(string sessionId, CancellationToken cancellationToken)
    {
        var bytes = await cache.GetAsync(SessionKey(sessionId), cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var entry = JsonSerializer.Deserialize(bytes, AuthJsonContext.Default.SessionEntry);
        var now = time.GetUtcNow();
        if (entry is null || now >= entry.AbsoluteExpiry || now - entry.LastSeen > options.Value.SessionIdleTimeout)
        {
            await EndAsync(sessionId, cancellationToken);
            return null;
        }

        return entry;
    }

    private async Task<string[]> SessionIdsAsync(string userKey, CancellationToken cancellationToken) =>
        await cache.GetAsync(UserIndexKey(userKey), cancellationToken) is { } bytes
            ? JsonSerializer.Deserialize(bytes, AuthJsonContext.Default.StringArray) ?? []
            : [];

    private Task SaveAsync(SessionEntry entry, CancellationToken cancellationToken) =>
        cache.SetAsync(SessionKey(entry.SessionId), JsonSerializer.SerializeToUtf8Bytes(entry, AuthJsonContext.Default.SessionEntry),
            new DistributedCacheEntryOptions { AbsoluteExpiration = entry.AbsoluteExpiry }, cancellationToken);

    private static string SessionKey(string sessionId) => "blazorauth:session:" + sessionId;

    private static string UserIndexKey(string userKey) => "blazorauth:user:" + userKey;

    private static string? Truncate(string? userAgent) => userAgent is { Length: > 200 } ? userAgent[..200] : userAgent;
}

/// <summary>One live session, as the registry and the account page know it.</summary>
public sealed record SessionEntry(
    string SessionId, string ProviderId, string UserKey, DateTimeOffset StartedAt, DateTimeOffset LastSeen, string? UserAgent, DateTimeOffset AbsoluteExpiry);
