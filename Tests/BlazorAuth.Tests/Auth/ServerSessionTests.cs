using System.Net;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// In docs/threat-model.md, cases 44-46: the session lives in the store, so no copy of a cookie, no failure after the
/// provider answered and no race with a sign-out can spend a refresh token twice or bring an ended session back. On
/// both stores: the SQLite file and Redis.
/// </summary>
public sealed class ServerSessionTests : IAsyncLifetime
{
    private readonly FakeOidcProvider _provider = new();
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<FakeProviderAppFactory> _apps = [];

    public async Task InitializeAsync()
    {
        await _provider.StartAsync();
        await _redis.StartAsync();
        _provider.AccessTokenLifetime = TimeSpan.Zero;
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _redis.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Redis)]
    public async Task A_copy_of_the_cookie_replayed_after_a_rotation_and_any_wait_spends_no_old_refresh_token(Store store)
    {
        var app = App(store, onTheTestsClock: true);
        var signedIn = await FakeSignIn.SignInAsync(app, _provider);
        var copy = app.CreateAppClient();
        signedIn.Client.Jar.CopyTo(copy.Jar);

        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        foreach (var wait in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(16), TimeSpan.FromMinutes(2) })
        {
            _time.Advance(wait);
            Assert.Equal(HttpStatusCode.OK, (await copy.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        AssertNoRefreshTokenSpentTwice(expectedRenewals: 5);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Redis)]
    public async Task A_store_failure_after_the_provider_rotated_keeps_its_answer_and_never_presents_the_spent_token_again(Store store)
    {
        var failing = new WriteFailingStore();
        var app = App(store, failing: failing);
        var signedIn = await FakeSignIn.SignInAsync(app, _provider);
        _provider.ResetLogs();
        _provider.AccessTokenLifetime = TimeSpan.FromMinutes(5);

        // The store goes away while the provider is rotating the refresh token.
        _provider.HoldTokenAnswer = async () =>
        {
            if (store == Store.Redis)
            {
                await _redis.StopAsync();
            }

            failing.Failing = true;
        };
        var failed = await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Empty(CookieJar.SetCookies(failed));
        _provider.HoldTokenAnswer = null;
        failing.Failing = false;
        if (store == Store.Redis)
        {
            await _redis.StartAsync();
        }

        var answer = await RefreshUntilTheStoreAnswersAsync(signedIn.Client);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        AssertNoRefreshTokenSpentTwice(expectedRenewals: 1);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Redis)]
    public async Task A_refresh_racing_a_sign_out_hands_out_nothing_and_the_session_stays_ended(Store store)
    {
        var app = App(store);
        var signedIn = await FakeSignIn.SignInAsync(app, _provider);
        var otherTab = app.CreateAppClient();
        signedIn.Client.Jar.CopyTo(otherTab.Jar);

        var atProvider = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        _provider.HoldTokenAnswer = () =>
        {
            atProvider.TrySetResult();
            return release.Task;
        };
        var refreshing = signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        await atProvider.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, (await otherTab.AppCallAsync(HttpMethod.Post, "/auth/fake/logout")).StatusCode);
        _provider.HoldTokenAnswer = null;
        release.SetResult();

        var raced = await refreshing;
        Assert.Equal(HttpStatusCode.Unauthorized, raced.StatusCode);
        Assert.DoesNotContain("ticket", await raced.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        var page = await signedIn.Client.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task A_sign_out_leaves_its_short_lived_mark_only_for_a_session_that_was_live()
    {
        var app = App(Store.Sqlite);
        var signedIn = await FakeSignIn.SignInAsync(app, _provider);
        var copy = app.CreateAppClient();
        signedIn.Client.Jar.CopyTo(copy.Jar);
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = "__Host-fake-session=" + signedIn.Client.Jar["__Host-fake-session"];
        var mark = "blazorauth:signed-out:" + app.Services.GetRequiredService<SessionCookieStore>().Read(request, "fake")!.SessionId;
        var store = app.Services.GetRequiredService<IAuthStore>();

        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/logout")).StatusCode);
        Assert.NotNull(await store.GetAsync(mark, default));

        // A cookie whose session is already over (a copy, an old tab) stores nothing when it signs out.
        await store.RemoveAsync(mark, default);
        await copy.AppCallAsync(HttpMethod.Post, "/auth/fake/logout");
        Assert.Null(await store.GetAsync(mark, default));
    }

    [Fact]
    public async Task A_session_of_the_previous_version_whose_cookie_carries_its_tokens_keeps_working_and_gets_the_small_cookie()
    {
        var app = App(Store.Sqlite);
        var signedIn = await FakeSignIn.SignInAsync(app, _provider);
        var services = app.Services;
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = "__Host-fake-session=" + signedIn.Client.Jar["__Host-fake-session"];
        var sessionId = services.GetRequiredService<SessionCookieStore>().Read(request, "fake")!.SessionId;
        var session = (await services.GetRequiredService<SessionRegistry>().GetAsync(sessionId, default))!;

        // As the previous version left it: the store's entry without tokens, the tokens sealed in chunked cookies.
        var store = services.GetRequiredService<IAuthStore>();
        var entry = System.Text.Json.JsonSerializer.Serialize(new
        {
            sessionId,
            providerId = "fake",
            userKey = session.Stored.UserKey,
            startedAt = session.Stored.StartedAt,
            lastSeen = session.Stored.LastSeen,
            userAgent = "an older browser",
            absoluteExpiry = session.Stored.AbsoluteExpiry,
            idToken = session.Secrets.IdToken,
        });
        await store.SetAsync("blazorauth:session:" + sessionId, System.Text.Encoding.UTF8.GetBytes(entry), session.Stored.AbsoluteExpiry, default);
        var legacy = Sessions.LegacyCookies.Seal(
            services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(),
            new LegacySessionRecord("fake", sessionId, session.Secrets.RefreshToken!, false, "openid", session.Profile, session.Stored.AbsoluteExpiry, null));
        var old = app.CreateAppClient();
        foreach (var (chunk, i) in legacy.Chunk(4000).Select((chunk, i) => (new string(chunk), i)))
        {
            old.Jar.Set($"__Host-fake-session-{i}", chunk);
        }

        var page = await old.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Fake User", await page.Content.ReadAsStringAsync());
        var replaced = CookieJar.SetCookies(page);
        Assert.Contains(replaced, c => c.Name.Value == "__Host-fake-session" && !CookieAssert.IsDeletion(c) && c.Value.Length < 400);
        Assert.Contains(replaced, c => c.Name.Value == "__Host-fake-session-0" && CookieAssert.IsDeletion(c));

        // The tokens it carried are the session's now: the first refresh renews with its refresh token.
        _provider.ResetLogs();
        Assert.Equal(HttpStatusCode.OK, (await old.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Equal(session.Secrets.RefreshToken, Assert.Single(_provider.TokenRequests)["refresh_token"]);
        Assert.NotNull((await services.GetRequiredService<SessionRegistry>().GetAsync(sessionId, default))!.Stored.Secrets);
    }

    [Fact]
    public async Task A_renewing_refresh_reads_the_session_record_once_and_claims_it_from_that_read()
    {
        var reads = new SessionReads();
        var app = App(Store.Sqlite, reads: reads);
        var signedIn = await FakeSignIn.SignInAsync(app, _provider);
        _provider.ResetLogs();
        reads.Count = 0;

        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);

        Assert.Single(_provider.TokenRequests);
        Assert.Equal(1, reads.Count);
    }

    [Fact]
    public async Task A_renewing_refresh_that_also_marks_the_session_used_claims_it_from_the_record_the_mark_wrote()
    {
        var reads = new SessionReads();
        var app = App(Store.Sqlite, onTheTestsClock: true, reads: reads);
        var signedIn = await FakeSignIn.SignInAsync(app, _provider);

        // Past the minute between two marks of use, so this refresh writes one before it renews.
        _time.Advance(TimeSpan.FromMinutes(2));
        _provider.ResetLogs();
        reads.Count = 0;

        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);

        Assert.Single(_provider.TokenRequests);
        Assert.Equal(1, reads.Count);
    }

    public enum Store
    {
        Sqlite,
        Redis,
    }

    /// <param name="onTheTestsClock">The app's clock is the test's, to move past any window at once.</param>
    private FakeProviderAppFactory App(Store store, bool onTheTestsClock = false, WriteFailingStore? failing = null, SessionReads? reads = null)
    {
        var app = new FakeProviderAppFactory(_provider, builder =>
        {
            if (store == Store.Redis)
            {
                ScaleOutTests.OnRedis(_redis)(builder);
            }

            builder.ConfigureTestServices(services =>
            {
                if (onTheTestsClock)
                {
                    services.AddSingleton<TimeProvider>(_time);
                }

                if (failing is not null && store == Store.Sqlite)
                {
                    services.AddSingleton<IAuthStore>(sp => failing.Over(sp.GetRequiredService<AuthStorage>().Store));
                }

                if (reads is not null && store == Store.Sqlite)
                {
                    services.AddSingleton<IAuthStore>(sp => reads.Over(sp.GetRequiredService<AuthStorage>().Store));
                }
            });
        });
        _apps.Add(app);
        return app;
    }

    /// <summary>Redis takes a moment to be reconnected to; until then the app answers 503 and changes nothing.</summary>
    private static async Task<HttpResponseMessage> RefreshUntilTheStoreAnswersAsync(AppClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(200);
        }
    }

    private void AssertNoRefreshTokenSpentTwice(int expectedRenewals)
    {
        var presented = _provider.TokenRequests
            .Where(r => r.GetValueOrDefault("grant_type") == "refresh_token")
            .Select(r => r["refresh_token"])
            .ToList();
        Assert.Equal(presented.Count, presented.Distinct().Count());
        Assert.Equal(expectedRenewals, presented.Count);
    }

    /// <summary>Counts the reads of session records (not of the markers and indexes beside them).</summary>
    internal sealed class SessionReads
    {
        public int Count;

        public IAuthStore Over(IAuthStore inner) => new Counted(inner, this);

        private sealed class Counted(IAuthStore inner, SessionReads owner) : Sessions.ForwardingStore(inner)
        {
            public override Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
            {
                if (key.StartsWith("blazorauth:session:", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref owner.Count);
                }

                return base.GetAsync(key, cancellationToken);
            }
        }
    }

    /// <summary>The SQLite store, failing every write while <see cref="Failing"/> is set, as a full or read-only disk would.</summary>
    internal sealed class WriteFailingStore
    {
        public volatile bool Failing;

        public IAuthStore Over(IAuthStore inner) => new Failable(inner, this);

        private sealed class Failable(IAuthStore inner, WriteFailingStore owner) : Sessions.ForwardingStore(inner)
        {
            public override Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
                owner.Failing ? Task.FromException(Fault()) : base.SetAsync(key, value, expiresAt, cancellationToken);

            public override Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
                owner.Failing ? Task.FromException<bool>(Fault()) : base.ReplaceIfEqualAsync(key, expected, value, expiresAt, cancellationToken);

            private static AuthStoreUnavailableException Fault() => new("SQLite", new IOException("disk full"));
        }
    }
}
