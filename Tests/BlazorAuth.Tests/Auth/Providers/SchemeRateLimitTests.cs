using System.Net;
using System.Web;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>
/// In docs/threat-model.md, case 41, for a scheme the host registered: the frame route runs the scheme's handler
/// itself, so a client over its budget is refused before its code is redeemed, not after.
/// </summary>
public sealed class SchemeRateLimitTests : IAsyncLifetime
{
    private const string Peer = "198.51.100.9";
    private readonly FakeGitHub _gitHub = new();
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        await _gitHub.StartAsync();
        _app = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            builder.UseSetting("Auth:RateLimit:Burst", "3");
            builder.UseSetting("Auth:RateLimit:PerMinute", "6");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IStartupFilter, PeerFromTestHeader>();
                HostSchemeAppFixture.AddGitHubScheme(services, _gitHub);
            });
        });
    }

    [Fact]
    public async Task A_callback_over_the_budget_is_429_and_its_code_is_never_redeemed()
    {
        var client = AppClient.At(_app, "https://app.example.com");
        void FromPeer(HttpRequestMessage request) => request.Headers.Add(PeerFromTestHeader.Header, Peer);

        var start = await client.GetAsync("/auth/github/start", FromPeer);
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];
        HttpResponseMessage last;
        do
        {
            last = await client.GetAsync("/auth/github/start", FromPeer);
        }
        while (last.StatusCode != HttpStatusCode.TooManyRequests);

        var code = _gitHub.IssueCode();
        var callback = await client.GetAsync($"/auth/github/handler/frame?code={code}&state={Uri.EscapeDataString(state!)}", FromPeer);

        Assert.Equal(HttpStatusCode.TooManyRequests, callback.StatusCode);
        Assert.InRange(int.Parse(callback.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.InRange(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.DoesNotContain(_gitHub.TokenRequests, request => request.GetValueOrDefault("code") == code);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _gitHub.DisposeAsync();
    }
}
