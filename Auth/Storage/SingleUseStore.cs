namespace BlazorAuth.Auth.Storage;

/// <summary>
/// Remembers which one-time values (transaction ids, session tickets, logout token ids) were used, so each is
/// accepted once: the first caller to spend a key wins, every later one, on any instance sharing the store, loses.
/// </summary>
internal sealed class SingleUseStore(IAuthStore store, TimeProvider time)
{
    private static readonly byte[] Spent = [1];

    // Kept a little past the value's own expiry: the check that refuses an expired value allows for clock skew.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    /// <summary>True the first time <paramref name="key"/> is spent; false ever after, until <paramref name="until"/>.</summary>
    /// <param name="until">When the value would be refused anyway (its own expiry): the record is not needed past it.</param>
    public Task<bool> TrySpendAsync(string key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return store.TryAddAsync("blazorauth:spent:" + key, Spent, (until > now ? until : now) + Margin, cancellationToken);
    }
}
