using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace BlazorAuth.Auth.Redis;

/// <summary>Sessions and the key ring in Redis, over the instance's one connection: nothing stays on the instance.</summary>
internal sealed class RedisStorage(RedisConnection connection, TimeProvider time) : AuthStorage
{
    public const string KeyRingKey = "blazorauth:data-protection-keys";

    private readonly RedisAuthStore _store = new(connection, time);

    public override IAuthStore Store => _store;

    public override IXmlRepository CreateKeyRepository() => new RedisKeyRing(connection, KeyRingKey);

    public override Task StartAsync(CancellationToken cancellationToken) => connection.ConnectAsync();
}
