using System.Collections.Concurrent;
using BlazorAuth.Auth.Storage;

namespace BlazorAuth.Bench;

/// <summary>
/// A store in a dictionary, with no expiry and nothing durable: not for use, only to tell in the benchmarks what the
/// app costs apart from its store.
/// </summary>
internal sealed class MemoryAuthStore : IAuthStore
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    public bool IsAvailable => true;

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_values.GetValueOrDefault(key));

    public Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        _values[key] = value;
        return Task.CompletedTask;
    }

    public Task<bool> TryAddAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Task.FromResult(_values.TryAdd(key, value));

    public Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        _values.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Task.FromResult(_values.TryGetValue(key, out var current) && current.AsSpan().SequenceEqual(expected) && _values.TryUpdate(key, value, current));

    public Task<bool> RemoveIfEqualAsync(string key, byte[] expected, CancellationToken cancellationToken) =>
        Task.FromResult(_values.TryRemove(KeyValuePair.Create(key, expected)));

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
