using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>In docs/threat-model.md, case 43, and issue 4 item 6: forwarded headers count only from configured forwarders.</summary>
public sealed class ForwardedHeaderTests
{
    [Fact]
    public async Task Without_trusted_forwarders_x_forwarded_for_cannot_escape_a_rate_limit()
    {
        await using var app = App(trustedForwarders: null);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await StartAsync(client, peer: "203.0.113.9", forwardedFor: $"198.51.100.{i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task From_a_trusted_forwarder_each_client_has_its_own_budget_and_others_cannot_pose_as_one()
    {
        await using var app = App(trustedForwarders: "10.0.0.0/8");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await StartAsync(client, peer: "10.0.0.5", forwardedFor: $"198.51.100.{i}")).StatusCode);
        }

        var untrusted = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            untrusted.Add((await StartAsync(client, peer: "203.0.113.10", forwardedFor: $"198.51.100.{50 + i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, untrusted[^1]);
    }

    [Fact]
    public async Task The_proxy_provider_judges_the_machine_on_the_connection_not_a_forwarded_address()
    {
        await using var app = App(trustedForwarders: "0.0.0.0/0", proxy: true);
        var client = AppClient.At(app, "https://app.example.com");

        var posing = await client.SendAsync(HttpMethod.Post, "/auth/sso/refresh", r => ProxyCall(r, peer: "203.0.113.11", forwardedFor: "10.1.2.3"));
        Assert.Equal(HttpStatusCode.Unauthorized, posing.StatusCode);

        var real = await client.SendAsync(HttpMethod.Post, "/auth/sso/refresh", r => ProxyCall(r, peer: "10.1.2.3", forwardedFor: "198.51.100.99"));
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
    }

    private static WebApplicationFactory<Program> App(string? trustedForwarders, bool proxy = false) =>
        new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            builder.UseSetting("Auth:RateLimit:Burst", "3");
            builder.UseSetting("Auth:RateLimit:PerMinute", "6");
            if (trustedForwarders is not null)
            {
                builder.UseSetting("Auth:TrustedForwarders:0", trustedForwarders);
            }

            if (proxy)
            {
                builder.UseSetting("Auth:Providers:sso:Type", "proxy");
                builder.UseSetting("Auth:Providers:sso:TrustedProxies:0", "10.1.2.0/24");
            }
            else
            {
                PlainOAuth2Provider.Configure(builder);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerFromTestHeader>());
        });

    private static async Task<HttpResponseMessage> StartAsync(HttpClient client, string peer, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/p/start");
        request.Headers.Add(PeerFromTestHeader.Header, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }

    private static void ProxyCall(HttpRequestMessage request, string peer, string forwardedFor)
    {
        request.Headers.Add(PeerFromTestHeader.Header, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        request.Headers.Add("X-Forwarded-User", "u-7");
    }
}
