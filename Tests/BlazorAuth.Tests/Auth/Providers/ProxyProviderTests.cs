using System.Net;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>The <c>proxy</c> type: headers are believed from the configured proxy, and from no one else.</summary>
public sealed class ProxyProviderTests : IAsyncLifetime
{
    private const string TrustedPeer = "10.1.2.3";
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            builder.UseSetting("Auth:Providers:sso:Type", "proxy");
            builder.UseSetting("Auth:Providers:sso:TrustedProxies:0", "10.1.2.0/24");
            builder.UseSetting("Auth:Providers:sso:TrustedProxies:1", "192.0.2.7");
            // The test server has no network peer: this plays the TCP peer the request came from.
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerFromTestHeader>());
        });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task From_the_trusted_proxy_refresh_starts_a_session_from_its_headers()
    {
        var client = Client();
        var response = await client.SendAsync(HttpMethod.Post, "/auth/sso/refresh", r => ProxyHeaders(r, TrustedPeer, "u-42", "dana@corp.example", "Dana"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        CookieAssert.AllHostCookies(response);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Dana", body.RootElement.GetProperty("profile").GetProperty("displayName").GetString());
        Assert.Equal("dana@corp.example", body.RootElement.GetProperty("profile").GetProperty("email").GetString());
        Assert.Contains(client.Jar.Cookies.Keys, k => k.StartsWith("__Host-sso-session", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("203.0.113.9")]
    [InlineData("10.1.3.1")]
    [InlineData(null)]
    public async Task The_same_headers_from_anyone_else_sign_no_one_in(string? peer)
    {
        var client = Client();
        var response = await client.SendAsync(HttpMethod.Post, "/auth/sso/refresh", r => ProxyHeaders(r, peer, "admin", "admin@corp.example", "Admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(CookieJar.SetCookies(response), c => !CookieAssert.IsDeletion(c));
    }

    [Fact]
    public async Task The_trusted_proxy_without_a_user_header_signs_no_one_in()
    {
        var response = await Client().SendAsync(HttpMethod.Post, "/auth/sso/refresh", r => ProxyHeaders(r, "192.0.2.7", null, null, null));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_session_ends_when_the_proxy_names_another_user()
    {
        var client = Client();
        await client.SendAsync(HttpMethod.Post, "/auth/sso/refresh", r => ProxyHeaders(r, TrustedPeer, "u-42", null, "Dana"));
        var response = await client.SendAsync(HttpMethod.Post, "/auth/sso/refresh", r => ProxyHeaders(r, TrustedPeer, "u-43", null, "Eve"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(response, "__Host-sso-session")!));
    }

    [Fact]
    public async Task Start_is_not_offered()
    {
        var response = await Client().GetAsync("/auth/sso/start");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
    }

    [Fact]
    public void A_proxy_provider_without_trusted_proxies_stops_start_up()
    {
        var errors = StartupValidation.ErrorsFor(new Dictionary<string, string?>
        {
            ["Auth:PublicOrigin"] = "https://app.example.com",
            ["Auth:Providers:sso:Type"] = "proxy",
        });
        Assert.Contains("Auth:Providers:sso:TrustedProxies must list", errors);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private AppClient Client() =>
        AppClient.At(_app, "https://app.example.com");

    private static void ProxyHeaders(HttpRequestMessage request, string? peer, string? user, string? email, string? name)
    {
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        if (peer is not null)
        {
            request.Headers.Add(PeerFromTestHeader.Header, peer);
        }

        foreach (var (header, value) in new[] { ("X-Forwarded-User", user), ("X-Forwarded-Email", email), ("X-Forwarded-Preferred-Username", name) })
        {
            if (value is not null)
            {
                request.Headers.Add(header, value);
            }
        }
    }
}
