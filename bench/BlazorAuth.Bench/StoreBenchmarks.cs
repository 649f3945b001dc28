using BenchmarkDotNet.Attributes;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Redis;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Storage.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Bench;

/// <summary>One operation of each store, as a refresh makes several: what each costs on its own.</summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private static readonly byte[] Value = new byte[400];
    private IAuthStore _store = null!;
    private int _next;

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "sqlite";

    public static IEnumerable<string> Stores => AuthRouteBenchmarks.Stores.Where(s => s != "memory");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (Store == "redis")
        {
            var connection = new RedisConnection(Environment.GetEnvironmentVariable("BLAZORAUTH_BENCH_REDIS")!);
            await connection.ConnectAsync();
            _store = new RedisAuthStore(connection, TimeProvider.System);
        }
        else
        {
            _store = new SqliteAuthStore(Path.Combine(Directory.CreateTempSubdirectory("blazorauth-bench-").FullName, "sessions.db"), TimeProvider.System);
        }

        await _store.SetAsync("bench:existing", Value, DateTimeOffset.UtcNow.AddHours(1), default);
        _registry = new SessionRegistry(_store, new EphemeralDataProtectionProvider(), TimeProvider.System, Options.Create(new AuthOptions()));
        _session = await _registry.StartAsync("stub", SignIn, DateTimeOffset.UtcNow.AddDays(1), "bench", default);
    }

    private static readonly ProviderSignIn SignIn = new(
        new ProviderTokens("at", "header.payload.signature", "rt", "openid", TimeSpan.FromHours(1)),
        new UserProfile("bench-user", "https://idp.bench.example", "client", "bench@example.test", "Bench User", null, []));

    private SessionRegistry _registry = null!;
    private LiveSession _session = null!;

    [Benchmark]
    public Task<byte[]?> Get() => _store.GetAsync("bench:existing", default);

    [Benchmark]
    public Task Set() => _store.SetAsync("bench:existing", Value, DateTimeOffset.UtcNow.AddHours(1), default);

    [Benchmark]
    public Task<bool> AddThenRemoveIfEqual() => AddAndReleaseAsync("bench:lock:" + _next++);

    [Benchmark]
    public async Task<bool> ReplaceIfEqual()
    {
        var current = await _store.GetAsync("bench:existing", default);
        return await _store.ReplaceIfEqualAsync("bench:existing", current!, Value, DateTimeOffset.UtcNow.AddHours(1), default);
    }

    /// <summary>What a refresh asks of the store while the access token is fresh: the session read, its secrets opened.</summary>
    [Benchmark]
    public async Task<bool> RefreshSteps() => await _registry.GetAsync(_session.SessionId, default) is not null;

    private async Task<bool> AddAndReleaseAsync(string key) =>
        await _store.TryAddAsync(key, Value, DateTimeOffset.UtcNow.AddMinutes(1), default)
        && await _store.RemoveIfEqualAsync(key, Value, default);
}
