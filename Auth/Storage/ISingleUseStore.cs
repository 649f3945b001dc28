namespace BlazorAuth.Auth.Storage;

/// <summary>
/// Remembers which one-time values (transaction ids, session tickets, logout token ids) were used, so each is
/// accepted once: the first caller to spend a key wins, every later one, on any instance sharing the store, loses.
/// </summary>
public interface ISingleUseStore
{
    /// <summary>True the first time <paramref name="key"/> is spent; false ever after, until <paramref name="until"/>.</summary>
    /// <param name="until">When the value would be refused anyway (its own expiry): the record is not needed past it.</param>
    ValueTask<bool> TrySpendAsync(string key, DateTimeOffset until, CancellationToken cancellationToken);
}
