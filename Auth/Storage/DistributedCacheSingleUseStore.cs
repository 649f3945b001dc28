using Microsoft.Extensions.Caching.Distributed;

namespace BlazorAuth.Auth.Storage;

/// <summary>
/// Spent keys in the <see cref="IDistributedCache"/> that sessions live in. The cache interface has no
/// set-if-absent, so the read and the write are made atomic here, per key stripe, within this process; a store
/// shared by several instances needs an implementation with an atomic set-if-absent of its own.
/// </summary>
public sealed class DistributedCacheSingleUseStore(IDistributedCache cache, TimeProvider time) : ISingleUseStore
{
    private static readonly byte[] Spent = [1];

    // Kept a little past the value's own expiry: the check that refuses an expired value allows for clock skew.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    // Striped: bounded memory however many keys, and two keys rarely wait for each other.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    public async ValueTask<bool> TrySpendAsync(string key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var cacheKey = "blazorauth:spent:" + key;
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            if (await cache.GetAsync(cacheKey, cancellationToken) is not null)
            {
                return false;
            }

            await cache.SetAsync(cacheKey, Spent, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Max(until - time.GetUtcNow(), TimeSpan.Zero) + Margin }, cancellationToken);
            return true;
        }
        finally
        {
            stripe.Release();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
