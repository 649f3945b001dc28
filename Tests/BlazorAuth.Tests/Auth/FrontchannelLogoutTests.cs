using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// OIDC Front-Channel Logout 1.0: a request naming the provider's issuer and one of its sessions ends that session
/// and may be framed by the provider only; anything else is 400 and ends nothing.
/// </summary>
[Collection(FakeProviderCollection.Name)]
public sealed class FrontchannelLogoutTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Fact]
    public async Task The_providers_issuer_and_session_end_exactly_that_session_in_an_answer_only_the_provider_may_frame()
    {
        var sid = NewProviderSession();
        var ended = await SignedInWithProviderSessionAsync(sid);
        var kept = await SignedInWithProviderSessionAsync(NewProviderSession());

        var response = await LogoutAsync($"iss={Iss}&sid={sid}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal($"default-src 'none'; frame-ancestors {new Uri(Provider.Issuer).GetLeftPart(UriPartial.Authority)}",
            string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.False(response.Headers.Contains("X-Frame-Options"), "X-Frame-Options would forbid the provider's frame");
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie");
        Assert.Equal(HttpStatusCode.Unauthorized, (await ended.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kept.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_session_nobody_has_gets_the_same_answer_and_only_debug_lines()
    {
        var lines = App.Logs.Lines.Count;
        var response = await LogoutAsync($"iss={Iss}&sid={NewProviderSession()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(App.Logs.Lines.Skip(lines), l => l.StartsWith("Information BlazorAuth", StringComparison.Ordinal)
            || l.StartsWith("Warning BlazorAuth", StringComparison.Ordinal) || l.StartsWith("Error BlazorAuth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_configured_without_front_channel_logout_has_no_such_route()
    {
        await using var app = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            builder.UseSetting("Auth:Providers:off:Type", "oidc");
            builder.UseSetting("Auth:Providers:off:Authority", Provider.Issuer);
            builder.UseSetting("Auth:Providers:off:ClientId", FakeOidcProvider.ClientId);
            builder.UseSetting("Auth:Providers:off:ClientSecret", FakeOidcProvider.ClientSecret);
            builder.UseSetting("Auth:Providers:off:FrontchannelLogout", "false");
        });
        var response = await app.CreateClient().GetAsync($"/auth/off/frontchannel-logout?iss={Iss}&sid=x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public static TheoryData<string> Faults => ["no iss", "no sid", "empty sid", "other iss", "iss with a trailing slash", "two sids", "huge sid"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_request_that_is_wrong_in_any_way_is_400_and_ends_nothing(string fault)
    {
        var sid = NewProviderSession();
        var client = await SignedInWithProviderSessionAsync(sid);
        var query = fault switch
        {
            "no iss" => $"sid={sid}",
            "no sid" => $"iss={Iss}",
            "empty sid" => $"iss={Iss}&sid=",
            "other iss" => $"iss={Uri.EscapeDataString("https://evil.example")}&sid={sid}",
            "iss with a trailing slash" => $"iss={Iss}%2F&sid={sid}",
            "two sids" => $"iss={Iss}&sid={sid}&sid=other",
            "huge sid" => $"iss={Iss}&sid={sid}{new string('a', 5000)}",
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        var response = await LogoutAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"InvalidRequest\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_provider_is_404()
    {
        var response = await App.CreateAppClient().GetAsync($"/auth/nobody/frontchannel-logout?iss={Iss}&sid=x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_provider_type_without_front_channel_logout_has_no_such_route()
    {
        await using var app = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            PlainOAuth2Provider.Configure(builder);
        });
        var response = await app.CreateClient().GetAsync("/auth/p/frontchannel-logout?iss=https%3A%2F%2Fidp.example.com&sid=x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string NewProviderSession() => "op-session-" + Guid.NewGuid().ToString("N");

    private Task<HttpResponseMessage> LogoutAsync(string query) => App.CreateAppClient().GetAsync("/auth/fake/frontchannel-logout?" + query);
}
