using BenchmarkDotNet.Attributes;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Storage.Redis;
using BlazorAuth.Auth.Storage.Sqlite;

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
        var options = Options.Create(new AuthOptions());
        _registry = new SessionRegistry(_store, TimeProvider.System, options);
        _flight = new RefreshSingleFlight(_store, new EphemeralDataProtectionProvider(), TimeProvider.System, options);
        await _registry.RegisterAsync(Record, "bench", "header.payload.signature", default);
    }

    private static readonly UserProfile Profile = new("bench-user", "https://idp.bench.example", "client", "bench@example.test", "Bench User", null, []);
    private static readonly SessionRecord Record = new("stub", "bench-session", "rt", false, "openid", Profile, DateTimeOffset.UtcNow.AddDays(1), null);
    private static readonly ProviderSignIn Renewed = new(new ProviderTokens("at", null, "rt", "openid", TimeSpan.FromHours(1)), Profile);
    private SessionRegistry _registry = null!;
    private RefreshSingleFlight _flight = null!;

    [Benchmark]
    public Task<byte[]?> Get() => _store.GetAsync("bench:existing", default);

    [Benchmark]
    public Task Set() => _store.SetAsync("bench:existing", Value, DateTimeOffset.UtcNow.AddHours(1), default);

    [Benchmark]
    public Task<bool> AddThenRemoveIfEqual() => AddAndReleaseAsync("bench:lock:" + _next++);

    /// <summary>What a refresh asks of the store, around a provider answered at once: the session touched, the single flight.</summary>
    [Benchmark]
    public async Task<ProviderSignIn> RefreshSteps()
    {
        await _registry.TouchAsync(Record.SessionId, default);
        return await _flight.RunAsync(Record, () => Task.FromResult(Renewed), default);
    }

    private async Task<bool> AddAndReleaseAsync(string key) =>
        await _store.TryAddAsync(key, Value, DateTimeOffset.UtcNow.AddMinutes(1), default)
        && await _store.RemoveIfEqualAsync(key, Value, default);
}
