using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>SECURITY-CASES 41: a burst from one address is 429 with Retry-After; other addresses go on.</summary>
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

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string peer)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(PeerFromTestHeader.Header, peer);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return await client.SendAsync(request);
    }
}
