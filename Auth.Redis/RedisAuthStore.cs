using BlazorAuth.Auth.Storage;
using StackExchange.Redis;

namespace BlazorAuth.Auth.Redis;

/// <summary>The store on Redis, shared by every app instance: plain strings with expiries, <c>SET NX</c> for add-if-absent.</summary>
internal sealed class RedisAuthStore(RedisConnection redis, TimeProvider time) : IAuthStore
{
    private static readonly LuaScript RemoveIfEqualScript = LuaScript.Prepare(
        "if redis.call('get', @key) == @expected then return redis.call('del', @key) else return 0 end");

    private static readonly LuaScript ReplaceIfEqualScript = LuaScript.Prepare(
        "if redis.call('get', @key) == @expected then redis.call('set', @key, @value, 'PX', @expiry) return 1 else return 0 end");

    public bool IsAvailable => redis.Multiplexer?.IsConnected == true;

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        Run(async db => (byte[]?)await db.StringGetAsync(key));

    public Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Run(db => db.StringSetAsync(key, value, Expiry(expiresAt)));

    public Task<bool> TryAddAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Run(db => db.StringSetAsync(key, value, Expiry(expiresAt), When.NotExists));

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => Run(db => db.KeyDeleteAsync(key));

    public Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Run(async db => (int)await db.ScriptEvaluateAsync(ReplaceIfEqualScript, new
        {
            key = (RedisKey)key,
            expected = (RedisValue)expected,
            value = (RedisValue)value,
            expiry = (long)Expiry(expiresAt).TotalMilliseconds,
        }) == 1);

    public Task<bool> RemoveIfEqualAsync(string key, byte[] expected, CancellationToken cancellationToken) =>
        Run(async db => (int)await db.ScriptEvaluateAsync(RemoveIfEqualScript, new { key = (RedisKey)key, expected = (RedisValue)expected }) == 1);

    public Task PingAsync(CancellationToken cancellationToken) => Run(db => db.PingAsync());

    // Never zero or negative: Redis refuses such an expiry, and a value due now is as good as gone a moment later.
    private TimeSpan Expiry(DateTimeOffset expiresAt)
    {
        var left = expiresAt - time.GetUtcNow();
        return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
    }

    private async Task<T> Run<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(redis.Database);
        }
        catch (Exception e) when (RedisFailure.IsUnavailable(e))
        {
            throw new AuthStoreUnavailableException("Redis", e);
        }
    }
}
