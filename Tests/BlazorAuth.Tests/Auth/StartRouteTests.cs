using System.Net;
using System.Web;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

[Collection(FakeProviderCollection.Name)]
public sealed class StartRouteTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Fact]
    public async Task An_unknown_provider_is_404_and_sets_no_cookie()
    {
        var response = await App.CreateAppClient().GetAsync("/auth/nope/start");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("null")]
    [InlineData("https://app.example.com.evil.example")]
    [InlineData("https://app.example.com@evil.example")]
    [InlineData("https://app.example.com/")]
    [InlineData("https://app.example.com:444")]
    public async Task An_origin_that_is_not_allowed_is_refused_with_no_cookie_and_no_redirect(string origin)
    {
        var response = await App.CreateAppClient().GetAsync("/auth/fake/start?origin=" + Uri.EscapeDataString(origin));
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.BadRequest });
        Assert.Null(response.Headers.Location);
        Assert.Empty(CookieJar.SetCookies(response));
    }

    [Fact]
    public async Task An_allowed_origin_becomes_the_frame_pages_only_target()
    {
        var started = await StartAsync(query: "?origin=" + Uri.EscapeDataString(FakeProviderAppFactory.PartnerOrigin));
        var page = await FramePageContent.ReadAsync(await CompleteAsync(started));
        Assert.Equal(FakeProviderAppFactory.PartnerOrigin, page.TargetOrigin);
    }

    [Theory]
    [InlineData("?flow=sideways")]
    [InlineData("?state=1&flow=popup&flow=redirect")]
    [InlineData("?scope=%22quoted%22")]
    [InlineData("?env=%3Cscript%3E")]
    [InlineData("?prompt=none")]
    [InlineData("?flow=silent&prompt=login")]
    [InlineData("?flow=silent&prompt=none")]
    public async Task Malformed_parameters_are_400(string query)
    {
        var response = await App.CreateAppClient().GetAsync("/auth/fake/start" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
    }

    [Fact]
    public async Task The_happy_path_redirects_with_pkce_nonce_state_and_the_configured_redirect_uri()
    {
        var started = await StartAsync(query: "?scope=extra.read");
        var query = HttpUtility.ParseQueryString(started.Location.Query);
        Assert.StartsWith(Provider.Issuer + "/authorize?", started.Location.AbsoluteUri);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(FakeOidcProvider.ClientId, query["client_id"]);
        Assert.Equal(FakeProviderAppFactory.AppOrigin + "/auth/fake/handler/frame", query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.Equal(43, query["nonce"]!.Length);
        Assert.Equal("openid profile email extra.read", query["scope"]);
        Assert.Equal("no-store", started.Response.Headers.CacheControl?.ToString());

        var cookie = Assert.Single(CookieJar.SetCookies(started.Response));
        Assert.Equal("__Host-fake-nonce", cookie.Name.Value);
        Assert.True(cookie.MaxAge <= TimeSpan.FromSeconds(600));
        Assert.True(cookie.Value.Length >= 22, "the binding value carries at least 128 random bits");
        CookieAssert.AllHostCookies(started.Response);
    }

    [Fact]
    public async Task A_spoofed_host_or_forwarded_host_does_not_change_the_redirect_uri()
    {
        var client = App.CreateAppClient();
        var response = await client.GetAsync("/auth/fake/start", r =>
        {
            r.Headers.Host = "evil.example";
            r.Headers.Add("X-Forwarded-Host", "evil.example");
            r.Headers.Add("X-Forwarded-Proto", "http");
            r.Headers.Add("X-Forwarded-For", "203.0.113.9");
        });
        var query = HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        Assert.Equal(FakeProviderAppFactory.AppOrigin + "/auth/fake/handler/frame", query["redirect_uri"]);
    }

    [Fact]
    public async Task Two_sign_ins_in_one_browser_are_never_cross_accepted()
    {
        var client = App.CreateAppClient();
        var first = HttpUtility.ParseQueryString((await client.GetAsync("/auth/fake/start")).Headers.Location!.Query);
        var second = HttpUtility.ParseQueryString((await client.GetAsync("/auth/fake/start")).Headers.Location!.Query);

        // The browser holds only the newest binding cookie: the older transaction fails cleanly.
        Provider.Nonce = first["nonce"];
        var older = await CallbackAsync(client, $"code=c&state={first["state"]}&iss={Iss}");
        Assert.Equal(HttpStatusCode.BadRequest, older.StatusCode);
        CookieAssert.NothingStored(older, "fake");
        Assert.Equal(0, Provider.TokenRequests.Count(r => r["code"] == "c"));
        Assert.NotEqual(first["state"], second["state"]);
    }
}
