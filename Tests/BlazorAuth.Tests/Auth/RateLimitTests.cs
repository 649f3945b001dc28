using System.Net;
using BlazorAuth.Auth.Endpoints;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>In docs/threat-model.md, case 41: a burst from one address is 429 with Retry-After; other addresses go on.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            PlainOAuth2Provider.Configure(builder);
            builder.UseSetting("Auth:RateLimit:Burst", "5");
            builder.UseSetting("Auth:RateLimit:PerMinute", "6");
            builder.UseSetting("Auth:RateLimit:ProviderLogoutsPerMinute", "8");
            builder.ConfigureTestServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, PeerFromTestHeader>());
        });
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("GET", "/auth/p/start", "198.51.100.1")]
    [InlineData("GET", "/auth/p/handler/frame?code=c&state=s", "198.51.100.2")]
    [InlineData("POST", "/auth/p/refresh", "2001:db8::3")]
    public async Task A_burst_from_one_address_is_429_with_retry_after_and_others_are_unaffected(string method, string path, string peer)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await Send(client, method, path, peer)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(5));
        var limited = await Send(client, method, path, peer);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Empty(CookieJar.SetCookies(limited));

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Send(client, method, path, "203.0.113.77")).StatusCode);
    }

    [Fact]
    public async Task The_addresses_of_one_IPv6_64_share_a_budget_and_another_64_has_its_own()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
        {
            statuses.Add((await Send(client, "GET", "/auth/p/start", $"2001:db8:1:2::{i:x}")).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Send(client, "GET", "/auth/p/start", "2001:db8:1:3::1")).StatusCode);
    }

    [Fact]
    public async Task A_providers_back_channel_logouts_and_the_users_routes_draw_on_separate_budgets()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        const string provider = "198.51.100.60";
        for (var i = 0; i < 6; i++)
        {
            await Send(client, "GET", "/auth/p/start", provider);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(client, "GET", "/auth/p/start", provider)).StatusCode);
        var logouts = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            logouts.Add((await Send(client, "POST", "/auth/p/backchannel-logout", provider)).StatusCode);
        }

        Assert.All(logouts.Take(8), status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, logouts[8]);
    }

    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")]
    [InlineData("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::")]
    [InlineData("2001:db8:aa:bb::", "2001:db8:aa:bb::")]
    public void A_client_is_an_IPv4_address_or_an_IPv6_64(string address, string client) =>
        Assert.Equal(IPAddress.Parse(client), AuthRateLimiting.ClientOf(IPAddress.Parse(address)));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string peer)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(PeerFromTestHeader.Header, peer);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return await client.SendAsync(request);
    }
}

/// <summary>
/// Over real Kestrel, as a client sees it: every route that answers 429 says when to come back. The reviewer's 429
/// without Retry-After was not reproduced on any of these; this pins each of them.
/// </summary>
public sealed class RateLimitOverKestrelTests
{
    [Fact]
    public async Task Every_auth_route_and_readyz_answer_429_with_retry_after()
    {
        await using var app = new DemoAppFactory(kestrel: true, settings: new Dictionary<string, string>
        {
            ["Auth:RateLimit:Burst"] = "2",
            ["Auth:RateLimit:PerMinute"] = "6",
            ["Auth:RateLimit:ProviderLogoutsPerMinute"] = "2",
        });
        await app.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.AppOrigin) };
        var routes = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, "/auth/demo/start"),
            (HttpMethod.Get, "/auth/demo/handler/frame?code=c&state=s"),
            (HttpMethod.Post, "/auth/demo/handler/frame"),
            (HttpMethod.Post, "/auth/demo/refresh"),
            (HttpMethod.Get, "/auth/demo/refresh"),
            (HttpMethod.Post, "/auth/demo/logout"),
            (HttpMethod.Get, "/auth/demo/logout"),
            (HttpMethod.Post, "/auth/demo/backchannel-logout"),
            (HttpMethod.Get, "/auth/demo/frontchannel-logout"),
            (HttpMethod.Get, "/auth/demo/signed-out"),
            (HttpMethod.Get, "/auth/unknown/start"),
            (HttpMethod.Get, "/readyz"),
        };

        foreach (var (method, path) in routes)
        {
            HttpResponseMessage last;
            var sent = 0;
            do
            {
                using var request = new HttpRequestMessage(method, path);
                if (method == HttpMethod.Post)
                {
                    request.Content = new FormUrlEncodedContent([new("logout_token", "x")]);
                }

                last = await http.SendAsync(request);
            }
            while (last.StatusCode != HttpStatusCode.TooManyRequests && ++sent < 20);

            Assert.True(last.StatusCode == HttpStatusCode.TooManyRequests, $"{method} {path}: {last.StatusCode} after {sent}");
            Assert.True(last.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 60 }, $"{method} {path}: no Retry-After");
        }
    }
}
