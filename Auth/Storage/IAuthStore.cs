namespace BlazorAuth.Auth.Storage;

/// <summary>
/// Where everything BlazorAuth must remember lives: sessions and their indexes, spent one-time values, refresh
/// locks. Expiring keys and values, with the atomic operations that make them safe to share between app
/// instances: add-if-absent, replace-if-unchanged and delete-if-unchanged. An embedded SQLite file on one machine
/// (<see cref="Sqlite.SqliteAuthStore"/>), Redis past one (the BlazorAuth.Auth.Redis package); an
/// <see cref="AuthStorage"/> supplies it.
/// </summary>
/// <remarks>Every member throws <see cref="AuthStoreUnavailableException"/> when the store cannot answer.</remarks>
public interface IAuthStore
{
    /// <summary>The value, or null when the key is absent or expired.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);

    Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Stores the value only if the key is absent (or expired): true for exactly one of any number of concurrent callers.</summary>
    Task<bool> TryAddAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    Task RemoveAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the value only while the key still holds <paramref name="expected"/> (compare-and-swap): false, changing
    /// nothing, when another writer changed or removed it first, so a removed key stays removed.
    /// </summary>
    Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Removes the key only while it still holds <paramref name="expected"/>: a lock released by its holder alone.</summary>
    Task<bool> RemoveIfEqualAsync(string key, byte[] expected, CancellationToken cancellationToken);

    /// <summary>Whether the store can be expected to answer now, without asking it: a cheap look before a sign-in starts.</summary>
    bool IsAvailable { get; }

    /// <summary>One round trip that proves the store answers, for readiness.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
