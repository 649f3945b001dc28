using BlazorAuth.Auth.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Auth;

public static class RedisStorageExtensions
{
    /// <summary>
    /// Keeps sessions, single-use values and (unless the host configured Data Protection itself) the key ring in Redis,
    /// shared by every instance behind a load balancer. <paramref name="connectionString"/> is a StackExchange.Redis
    /// configuration string. The app starts while Redis is down, answers 503 to sign-in until it is back and reconnects
    /// by itself.
    /// </summary>
    public static BlazorAuthBuilder UseRedis(this BlazorAuthBuilder auth, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Built by the container, which then disposes it (closing the connection) when the app stops.
        auth.Services.AddSingleton(_ => new RedisConnection(connectionString));
        return auth.UseStorage<RedisStorage>();
    }
}
