namespace BlazorAuth.Auth.Circuit;

/// <summary>When the circuit next renews its session: before the access token runs out, or after a failed try.</summary>
internal sealed class RenewalTimer(TimeProvider time) : IDisposable
{
    /// <summary>How long a renewal that could not reach the server waits before trying again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Soonest = TimeSpan.FromSeconds(5);

    private ITimer? _timer;

    /// <summary>When the next renewal is due; null when none is scheduled.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>At 80% of the token's remaining lifetime, so the app never holds an expired token.</summary>
    public void ScheduleBefore(DateTimeOffset expiresAt, Func<Task> renew)
    {
        var remaining = expiresAt - time.GetUtcNow();
        Schedule(TimeSpan.FromTicks(Math.Max(Soonest.Ticks, (long)(remaining.Ticks * 0.8))), renew);
    }

    public void Retry(Func<Task> renew) => Schedule(RetryDelay, renew);

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
        DueAt = null;
    }

    public void Dispose() => Stop();

    private void Schedule(TimeSpan due, Func<Task> renew)
    {
        Stop();
        DueAt = time.GetUtcNow() + due;
        _timer = time.CreateTimer(_ => _ = renew(), null, due, Timeout.InfiniteTimeSpan);
    }
}
