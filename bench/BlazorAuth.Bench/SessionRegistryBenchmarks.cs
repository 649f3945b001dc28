using BenchmarkDotNet.Attributes;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Bench;

/// <summary>
/// Sign-ins against a registry where one user already has thousands of sessions (repeated proxy sign-ins make that
/// easy): that user's next sign-in, and another user's sign-in made at the same moment.
/// </summary>
[MemoryDiagnoser]
public class SessionRegistryBenchmarks
{
    private const int HeavyUserSessions = 4_700;

    private SessionRegistry _registry = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _registry = new SessionRegistry(
            new SqliteAuthStore(Path.Combine(Directory.CreateTempSubdirectory("blazorauth-bench-").FullName, "sessions.db"), TimeProvider.System),
            new EphemeralDataProtectionProvider(),
            TimeProvider.System,
            Options.Create(new AuthOptions()));
        for (var i = 0; i < HeavyUserSessions; i++)
        {
            await StartAsync("heavy");
        }
    }

    [Benchmark]
    public Task HeavyUserSignsIn() => StartAsync("heavy");

    [Benchmark]
    public async Task OtherUserSignsInAlongsideTheHeavyUser()
    {
        var heavy = StartAsync("heavy");
        await StartAsync("other-" + _next++);
        await heavy;
    }

    private Task<LiveSession> StartAsync(string subject) => _registry.StartAsync(
        "p",
        new ProviderSignIn(new ProviderTokens("at", null, "rt", "openid", TimeSpan.FromHours(1)), new UserProfile(subject, "https://idp.example.com", "client", null, null, null, [])),
        DateTimeOffset.UtcNow.AddDays(1),
        null,
        default);
}
