using System.Net;
using System.Text.Json;
using System.Web;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

/// <summary>Redis going away mid-run: clear 503s and nothing worse, the session kept, and recovery without a restart.</summary>
public sealed class StoreFaultTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private readonly FakeOidcProvider _provider = new();
    private FakeProviderAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _redis.StartAsync();
        await _provider.StartAsync();
        _app = new FakeProviderAppFactory(_provider, ScaleOutTests.OnRedis(_redis));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task With_Redis_down_sign_in_and_refresh_answer_503_pages_render_the_session_is_kept_and_all_recovers_when_Redis_is_back()
    {
        var signedIn = await FakeSignIn.SignInAsync(_app, _provider);
        var user = signedIn.Client;
        var pending = _app.CreateAppClient();
        var pendingStart = await pending.GetAsync("/auth/fake/start");
        var pendingState = HttpUtility.ParseQueryString(pendingStart.Headers.Location!.Query)["state"];

        await _redis.StopAsync();
        var answers = new List<HttpResponseMessage>();

        var start = await WaitForAsync(() => _app.CreateAppClient().GetAsync("/auth/fake/start"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        answers.Add(start);
        Assert.Contains("Sign-in is unavailable right now", await start.Content.ReadAsStringAsync());

        var refresh = await user.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        answers.Add(refresh);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refresh.StatusCode);
        using (var body = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync()))
        {
            Assert.Equal("StoreUnavailable", body.RootElement.GetProperty("error").GetProperty("name").GetString());
            Assert.Equal("Sign-in is unavailable right now. Please try again in a moment.", body.RootElement.GetProperty("error").GetProperty("message").GetString());
        }

        // The session cookie is neither cleared nor replaced: nothing is known to be wrong with the session.
        Assert.Empty(CookieJar.SetCookies(refresh));

        // A callback started before Redis went: a clear failure page, and nothing stored.
        var callback = await pending.GetAsync($"/auth/fake/handler/frame?code=code-1&state={pendingState}&iss={Uri.EscapeDataString(_provider.Issuer)}");
        answers.Add(callback);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, callback.StatusCode);
        Assert.Equal("StoreUnavailable", (await FramePageContent.ReadAsync(callback)).ErrorName);

        answers.Add(await _app.CreateAppClient().GetAsync("/"));
        answers.Add(await user.GetAsync("/"));
        answers.Add(await user.GetAsync("/account"));
        answers.Add(await user.AppCallAsync(HttpMethod.Post, "/auth/fake/logout"));
        Assert.Equal(HttpStatusCode.OK, answers[^4].StatusCode);
        Assert.Equal(HttpStatusCode.OK, answers[^3].StatusCode);

        // A sign-out the store could not record keeps the cookie of the still-live session, to be signed out again.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answers[^1].StatusCode);
        Assert.Empty(CookieJar.SetCookies(answers[^1]));

        var ready = await _app.CreateAppClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using (var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Unhealthy", body.RootElement.GetProperty("checks").GetProperty("session-store").GetProperty("status").GetString());
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("providers").GetProperty("status").GetString());
        }

        Assert.DoesNotContain(_redis.ConnectionString, await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateAppClient().GetAsync("/healthz")).StatusCode);
        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500 || a.StatusCode == HttpStatusCode.ServiceUnavailable, $"{a.RequestMessage!.RequestUri}: {a.StatusCode}"));

        // Redis is back, with what it held: the same session refreshes again, and the app is ready, with no restart.
        await _redis.StartAsync();
        var recovered = await WaitForAsync(() => user.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh"), r => r.StatusCode != HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateAppClient().GetAsync("/readyz")).StatusCode);
        await FakeSignIn.SignInAsync(_app, _provider);
    }

    [Fact]
    public async Task A_Redis_that_stops_answering_makes_refresh_answer_503_once_the_command_times_out_and_keeps_the_session()
    {
        var user = (await FakeSignIn.SignInAsync(_app, _provider)).Client;

        // Longer than the client's command timeout (5 s): the refresh's read of the session times out rather than fails.
        await _redis.PauseAsync(TimeSpan.FromSeconds(8));
        var refresh = await user.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refresh.StatusCode);
        Assert.Empty(CookieJar.SetCookies(refresh));
        var recovered = await WaitForAsync(() => user.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh"), r => r.StatusCode != HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task An_instance_started_while_Redis_is_down_cannot_read_the_key_ring_and_answers_503_keeping_valid_cookies()
    {
        var signedIn = await FakeSignIn.SignInAsync(_app, _provider);
        await _app.DisposeAsync();
        await _redis.StopAsync();

        // A new instance, its key ring in Redis out of reach: the cookie is valid, it just cannot be opened yet.
        await using var restarted = new FakeProviderAppFactory(_provider, ScaleOutTests.OnRedis(_redis));
        var user = restarted.CreateAppClient();
        signedIn.Client.Jar.CopyTo(user.Jar);
        var answers = new List<HttpResponseMessage>
        {
            await user.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh"),
            await user.AppCallAsync(HttpMethod.Post, "/auth/fake/logout"),
            await restarted.CreateAppClient().GetAsync("/auth/fake/start"),
        };
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Empty(CookieJar.SetCookies(answer));
        }

        using (var body = JsonDocument.Parse(await answers[0].Content.ReadAsStringAsync()))
        {
            Assert.Equal("StoreUnavailable", body.RootElement.GetProperty("error").GetProperty("name").GetString());
        }

        // Pages need the key ring too: a clear 503 to try again shortly, not a 500, and the cookie left alone.
        var page = await user.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.True(page.Headers.RetryAfter is not null);
        Assert.Equal("Sign-in is unavailable right now. Please try again in a moment.", await page.Content.ReadAsStringAsync());
        Assert.Empty(CookieJar.SetCookies(page));
        Assert.Contains(restarted.Logs.Lines, l => l.StartsWith("Error BlazorAuth.Auth.Storage.StoreOutage: / answered 503", StringComparison.Ordinal));

        // Redis is back: the same cookie refreshes on the instance that could not read it, with no restart.
        await _redis.StartAsync();
        var recovered = await WaitForAsync(() => user.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh"), r => r.StatusCode != HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    private static async Task<HttpResponseMessage> WaitForAsync(Func<Task<HttpResponseMessage>> call, Func<HttpResponseMessage, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await call();
            if (done(response) || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(200);
        }
    }
}
