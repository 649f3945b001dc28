using BenchmarkDotNet.Attributes;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.Protocol;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Bench;

/// <summary>
/// The app's own cost per /start and per /refresh, through the whole ASP.NET Core pipeline (test server, no
/// sockets) with the provider answered in memory.
/// </summary>
[MemoryDiagnoser]
public class AuthRouteBenchmarks
{
    private BenchApp _app = null!;

    /// <summary>
    /// The embedded SQLite store; a dictionary, for the app's cost apart from its store; and Redis when
    /// <c>BLAZORAUTH_BENCH_REDIS</c> names a running one (host:port).
    /// </summary>
    public static IEnumerable<string> Stores =>
        Environment.GetEnvironmentVariable("BLAZORAUTH_BENCH_REDIS") is { Length: > 0 } ? ["memory", "sqlite", "redis"] : ["memory", "sqlite"];

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "sqlite";

    /// <summary>False: the access token is valid, so /refresh answers from the session. True: it is due on every call, so each /refresh renews at the (in-memory) provider: the token request, the id_token's validation and the session's compare-and-swap writes.</summary>
    [Params(false, true)]
    public bool Renewing { get; set; }
    private HttpClient _client = null!;
    private string _sessionCookie = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _app = new BenchApp(Store, Renewing ? 0 : 3600);
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://app.bench.example") });
        var session = await _app.Services.GetRequiredService<SessionRegistry>().StartAsync(
            "stub",
            new ProviderSignIn(
                new ProviderTokens("bench-access-token", null, "bench-session", "openid profile email offline_access", Renewing ? TimeSpan.Zero : TimeSpan.FromHours(1)),
                new UserProfile("bench-user", StubProvider.Issuer, StubProvider.ClientId, "bench@example.test", "Bench User", null, [])),
            DateTimeOffset.UtcNow.AddDays(1),
            "bench",
            default);
        var context = new DefaultHttpContext();
        _app.Services.GetRequiredService<SessionCookieStore>().Write(context, new SessionCookie("stub", session.SessionId, session.Stored.AbsoluteExpiry));
        _sessionCookie = context.Response.Headers.SetCookie.ToString().Split(';')[0];

        // Warm the metadata cache, as the app's start-up does.
        await ((IAuthorizationCodeSignIn)_app.Services.GetRequiredService<AuthProviderRegistry>().All[0]).GetAuthorizeTargetAsync(default);
        Check(await Start(), 302);
        Check(await Refresh(), 200);
    }

    [Benchmark]
    public async Task<int> Start()
    {
        using var response = await _client.GetAsync("/auth/stub/start");
        return (int)response.StatusCode;
    }

    [Benchmark]
    public async Task<int> Refresh()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/stub/refresh");
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        request.Headers.Add("Cookie", _sessionCookie);
        using var response = await _client.SendAsync(request);
        return (int)response.StatusCode;
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    private static void Check(int status, int expected)
    {
        if (status != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {status}.");
        }
    }

    private sealed class BenchApp(string store, int expiresIn) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Auth:DataDirectory", Directory.CreateTempSubdirectory("blazorauth-bench-").FullName);
            if (store == "memory")
            {
                builder.ConfigureTestServices(services => services.AddSingleton<IAuthStore, MemoryAuthStore>());
            }

            if (store == "redis")
            {
                builder.UseSetting("ConnectionStrings:Redis", Environment.GetEnvironmentVariable("BLAZORAUTH_BENCH_REDIS"));
            }

            builder.UseSetting("Auth:PublicOrigin", "https://app.bench.example");
            builder.UseSetting("Auth:Providers:stub:Type", "oidc");
            builder.UseSetting("Auth:Providers:stub:Authority", StubProvider.Issuer);
            builder.UseSetting("Auth:Providers:stub:ClientId", StubProvider.ClientId);
            builder.UseSetting("Auth:Providers:stub:ClientSecret", "bench-secret");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.ConfigureTestServices(services =>
                services.AddHttpClient(ProviderHttp.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new StubProvider(expiresIn)));
        }
    }
}
