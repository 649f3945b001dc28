using System.Net;
using System.Text.Json;
using BlazorAuth.Auth.Providers.Oidc;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

/// <summary>In docs/threat-model.md, cases 35-37: ending a session, and what must not end one.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class LogoutRouteTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Fact]
    public async Task A_get_is_405_and_the_cookie_stays()
    {
        var client = await SignedInAsync();
        var response = await client.GetAsync("/auth/fake/logout");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
    }

    [Fact]
    public async Task A_cross_site_form_post_is_401_and_the_cookie_stays()
    {
        var client = await SignedInAsync();
        var response = await client.PostAsync("/auth/fake/logout", r =>
        {
            r.Headers.Add("Origin", "https://evil.example");
            r.Headers.Add("Sec-Fetch-Site", "cross-site");
            r.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "y" });
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
    }

    [Fact]
    public async Task A_call_from_another_origin_with_the_header_is_403_and_the_cookie_stays()
    {
        var client = await SignedInAsync();
        var response = await client.PostAsync("/auth/fake/logout", r =>
        {
            r.Headers.Add("X-Requested-With", "XMLHttpRequest");
            r.Headers.Add("Origin", "https://evil.example");
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
    }

    [Fact]
    public async Task A_valid_logout_clears_the_cookie_revokes_at_the_provider_and_ends_refresh()
    {
        var client = await SignedInAsync();
        var revocations = Provider.Revocations.Count;
        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/logout");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        CookieAssert.AllHostCookies(response);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(response, "__Host-fake-session")!));
        Assert.Equal(revocations + 1, Provider.Revocations.Count);
        Assert.Contains(Provider.Revocations, r => r.GetValueOrDefault("token_type_hint") == "refresh_token" && r["token"].StartsWith("rt-", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Theory]
    [InlineData("http://idp.example/logout", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("ftp://idp.example/logout", null)]
    [InlineData(null, null)]
    [InlineData("http://127.0.0.1:5081/connect/logout", "http://127.0.0.1:5081/connect/logout?client_id=c&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fp%2Fsigned-out&id_token_hint=a.b.c")]
    [InlineData("https://idp.example/logout?tenant=1", "https://idp.example/logout?tenant=1&client_id=c&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fp%2Fsigned-out&id_token_hint=a.b.c")]
    public void Only_a_safe_end_session_url_is_offered(string? endSession, string? expected) =>
        Assert.Equal(expected, EndSessionUrl.Build(endSession, "c", FakeProviderAppFactory.AppOrigin + "/auth/p/signed-out", "a.b.c")?.AbsoluteUri);

    [Fact]
    public async Task The_signed_out_page_changes_nothing_and_runs_only_its_own_script()
    {
        var client = await SignedInAsync();
        var response = await client.GetAsync("/auth/fake/signed-out?pending");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'sha256-", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/auth/nobody/signed-out")).StatusCode);
    }

    [Fact]
    public async Task A_provider_without_an_end_session_endpoint_answers_no_logout_url()
    {
        var client = await SignedInAsync();
        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/logout");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.TryGetProperty("logoutUrl", out _));
    }
}
