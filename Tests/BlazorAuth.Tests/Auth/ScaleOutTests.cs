using System.Net;
using System.Text.Json;
using System.Web;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Tests.Auth;

/// <summary>Two app instances on one real redis-server: whatever one knows, the other knows; whatever is used once is used once.</summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private readonly FakeOidcProvider _provider = new();
    private FakeProviderAppFactory _a = null!;
    private FakeProviderAppFactory _b = null!;

    public async Task InitializeAsync()
    {
        await _redis.StartAsync();
        await _provider.StartAsync();
        _a = new FakeProviderAppFactory(_provider, OnRedis(_redis));
        _b = new FakeProviderAppFactory(_provider, OnRedis(_redis));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _provider.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_cookie_minted_on_one_instance_works_on_the_other_and_a_ticket_redeemed_on_one_is_refused_on_the_other()
    {
        var signedIn = await FakeSignIn.SignInAsync(_a, _provider);

        Assert.NotNull(await _a.Services.GetRequiredService<SessionTicketService>().RedeemAsync(signedIn.Ticket, default));
        Assert.Null(await _b.Services.GetRequiredService<SessionTicketService>().RedeemAsync(signedIn.Ticket, default));

        var onB = _b.CreateAppClient();
        signedIn.Client.Jar.CopyTo(onB.Jar);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);

        // Nothing of it lives in either instance: a third one, started now, knows the session too.
        await using var c = new FakeProviderAppFactory(_provider, OnRedis(_redis));
        var onC = c.CreateAppClient();
        onB.Jar.CopyTo(onC.Jar);
        Assert.Equal(HttpStatusCode.OK, (await onC.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_started_on_one_instance_completes_on_the_other_and_cannot_be_replayed_on_the_first()
    {
        // The state is sealed under instance a's own key; b finds that key in the state, wrapped with the shared key ring.
        var onA = _a.CreateAppClient();
        var start = await onA.GetAsync("/auth/fake/start");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var parameters = HttpUtility.ParseQueryString(start.Headers.Location!.Query);
        _provider.Nonce = parameters["nonce"];
        var callback = $"/auth/fake/handler/frame?code=code-1&state={parameters["state"]}&iss={Uri.EscapeDataString(_provider.Issuer)}";

        var onB = _b.CreateAppClient();
        onA.Jar.CopyTo(onB.Jar);
        var frame = await onB.GetAsync(callback);
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.NotNull((await FramePageContent.ReadAsync(frame)).Ticket);

        // onA's jar still holds the binding cookie b deleted from onB's.
        var replay = await onA.GetAsync(callback);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(replay)).ErrorName);
    }

    [Fact]
    public async Task Sign_out_on_one_instance_ends_the_session_on_the_other()
    {
        var signedIn = await FakeSignIn.SignInAsync(_a, _provider);
        var onB = _b.CreateAppClient();
        signedIn.Client.Jar.CopyTo(onB.Jar);

        Assert.Equal(HttpStatusCode.OK, (await onB.AppCallAsync(HttpMethod.Post, "/auth/fake/logout")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_back_channel_logout_delivered_to_one_instance_ends_the_session_on_the_other_and_cannot_be_replayed_there()
    {
        var signedIn = await FakeSignIn.SignInAsync(_a, _provider, providerSession: "op-session-9");
        var onB = _b.CreateAppClient();
        signedIn.Client.Jar.CopyTo(onB.Jar);
        var token = _provider.Sign(new Dictionary<string, object>
        {
            ["iss"] = _provider.Issuer,
            ["aud"] = FakeOidcProvider.ClientId,
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["sid"] = "op-session-9",
            ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new { } },
        }, _provider.SigningKey, SecurityAlgorithms.RsaSha256);

        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(_a, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await DeliverAsync(_b, token)).StatusCode);
    }

    [Fact]
    public async Task While_one_instance_refreshes_a_session_the_other_waits_for_its_answer_instead_of_spending_the_token_again()
    {
        _provider.AccessTokenLifetime = TimeSpan.Zero;
        var signedIn = await FakeSignIn.SignInAsync(_a, _provider);
        _provider.ResetLogs();
        _provider.AccessTokenLifetime = TimeSpan.FromMinutes(5);

        // The provider takes its time, so the two instances' requests surely overlap.
        _provider.HoldTokenAnswer = () => Task.Delay(500);
        var onB = _b.CreateAppClient();
        signedIn.Client.Jar.CopyTo(onB.Jar);
        var answers = await Task.WhenAll(
            signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh"),
            Task.Delay(100).ContinueWith(_ => onB.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).Unwrap());

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Single(_provider.TokenRequests, r => r.GetValueOrDefault("grant_type") == "refresh_token");
    }

    [Fact]
    public async Task Refreshes_of_one_session_on_both_instances_at_once_against_the_strictly_rotating_demo_provider_all_succeed_and_it_survives()
    {
        // One demo provider (OpenIddict, refresh tokens strictly single-use) for two instances that do not run their own.
        // Access tokens due for renewal 4.5 s after they are issued, so that every round renews at the provider (and a
        // sign-in on a loaded machine still finishes with the token valid).
        await using var idp = new DemoAppFactory(settings: new Dictionary<string, string> { ["DemoIdentityProvider:AccessTokenLifetime"] = "00:00:06" });
        await idp.StartAsync();
        await using var a = OnDemo(idp);
        await using var b = OnDemo(idp);

        var signedIn = Client(a);
        var start = await signedIn.GetAsync("/auth/demo/start");
        var callback = await new DemoIdpDriver().SignInAsync(start.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync(callback.PathAndQuery)).StatusCode);

        for (var round = 0; round < 3; round++)
        {
            await Task.Delay(TimeSpan.FromSeconds(4.6));
            var tabs = Enumerable.Range(0, 6).Select(i =>
            {
                var tab = Client(i % 2 == 0 ? a : b);
                signedIn.Jar.CopyTo(tab.Jar);
                return tab;
            }).ToList();
            var answers = await Task.WhenAll(tabs.Select(tab => tab.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh")));

            // One of them renewed at the provider; the others, on either instance, waited for it and got its result.
            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
            Assert.All(answers, answer => Assert.Empty(CookieJar.SetCookies(answer)));
        }

        // The grant was never spent twice: the provider did not revoke it, so the session goes on, on either instance.
        Assert.Equal(HttpStatusCode.OK, (await signedIn.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh")).StatusCode);
        var onB = Client(b);
        signedIn.Jar.CopyTo(onB.Jar);
        Assert.Equal(HttpStatusCode.OK, (await onB.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh")).StatusCode);
    }

    internal static Action<IWebHostBuilder> OnRedis(RedisServer redis) =>
        builder => builder.UseSetting("ConnectionStrings:Redis", redis.ConnectionString);

    private ScannedAppFactory OnDemo(DemoAppFactory idp) => new(builder =>
    {
        OnRedis(_redis)(builder);
        idp.SignInThroughMyDemoProvider(builder);
        builder.UseSetting("Auth:PublicOrigin", idp.AppOrigin);
    });

    private static AppClient Client(WebApplicationFactory<Program> app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));

    private static Task<HttpResponseMessage> DeliverAsync(FakeProviderAppFactory app, string logoutToken) =>
        app.CreateAppClient().PostAsync("/auth/fake/backchannel-logout", r =>
            r.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = logoutToken }));
}
