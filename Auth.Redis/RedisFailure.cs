using StackExchange.Redis;

namespace BlazorAuth.Auth.Redis;

/// <summary>
/// What Redis out of reach looks like to its client: a failed connection or command (<see cref="RedisException"/>), a
/// command no answer came for in time (<see cref="RedisTimeoutException"/>, a <see cref="TimeoutException"/>, not a
/// <see cref="RedisException"/>), or the connection already closed as the app stops.
/// </summary>
internal static class RedisFailure
{
    public static bool IsUnavailable(Exception e) => e is RedisException or RedisTimeoutException or ObjectDisposedException;
}
