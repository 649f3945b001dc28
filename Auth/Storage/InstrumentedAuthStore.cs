using BlazorAuth.Auth.Telemetry;

namespace BlazorAuth.Auth.Storage;

/// <summary>Times each operation of the store it wraps into <c>blazorauth.store.duration</c>.</summary>
internal sealed class InstrumentedAuthStore(IAuthStore inner, AuthTelemetry telemetry, TimeProvider time) : IAuthStore
{
    public bool IsAvailable => inner.IsAvailable;

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => Timed("get", () => inner.GetAsync(key, cancellationToken));

    public Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Timed("set", () => inner.SetAsync(key, value, expiresAt, cancellationToken));

    public Task<bool> TryAddAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Timed("add", () => inner.TryAddAsync(key, value, expiresAt, cancellationToken));

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => Timed("remove", () => inner.RemoveAsync(key, cancellationToken));

    public Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Timed("replace-if-equal", () => inner.ReplaceIfEqualAsync(key, expected, value, expiresAt, cancellationToken));

    public Task<bool> RemoveIfEqualAsync(string key, byte[] expected, CancellationToken cancellationToken) =>
        Timed("remove-if-equal", () => inner.RemoveIfEqualAsync(key, expected, cancellationToken));

    public Task PingAsync(CancellationToken cancellationToken) => Timed("ping", () => inner.PingAsync(cancellationToken));

    private async Task<T> Timed<T>(string operation, Func<Task<T>> operate)
    {
        var started = time.GetTimestamp();
        try
        {
            return await operate();
        }
        finally
        {
            telemetry.StoreOperation(operation, time.GetElapsedTime(started));
        }
    }

    private async Task Timed(string operation, Func<Task> operate)
    {
        var started = time.GetTimestamp();
        try
        {
            await operate();
        }
        finally
        {
            telemetry.StoreOperation(operation, time.GetElapsedTime(started));
        }
    }
}
