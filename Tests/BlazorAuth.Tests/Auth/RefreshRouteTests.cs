using System.Net;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>In docs/threat-model.md, cases 29-34 and 38-39: renewing a session, and what must never renew one.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class RefreshRouteTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("fetch")]
    [InlineData("xmlhttprequest")]
    public async Task Without_the_app_header_refresh_is_401_with_no_provider_call(string? header)
    {
        var client = await SignedInAsync();
        var calls = Provider.TokenCalls;
        var response = await client.PostAsync("/auth/fake/refresh", r =>
        {
            if (header is not null)
            {
                r.Headers.Add("X-Requested-With", header);
            }
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
        Assert.Equal(calls, Provider.TokenCalls);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_request_from_another_site_is_403(string header, string value)
    {
        var client = await SignedInAsync();
        var calls = Provider.TokenCalls;
        var response = await client.PostAsync("/auth/fake/refresh", r =>
        {
            r.Headers.Add("X-Requested-With", "XMLHttpRequest");
            r.Headers.Add(header, value);
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(calls, Provider.TokenCalls);
    }

    [Fact]
    public async Task No_session_cookie_is_401()
    {
        var response = await App.CreateAppClient().AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_garbage_or_forged_cookie_is_401_and_cleared_with_no_provider_call(string value)
    {
        var client = App.CreateAppClient();
        client.Jar.Set("__Host-fake-session", value);
        var calls = Provider.TokenCalls;
        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(response, "__Host-fake-session")!));
        CookieAssert.AllHostCookies(response);
        Assert.Equal(calls, Provider.TokenCalls);
    }

    [Fact]
    public async Task A_session_cookie_of_another_provider_does_not_renew_this_one()
    {
        var client = await SignedInAsync();
        client.Jar.Set("__Host-other-session", client.Jar["__Host-fake-session"]!);
        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/other/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_session_ended_elsewhere_is_401_with_the_cookie_cleared_and_no_provider_call()
    {
        var client = await SignedInAsync();
        var registry = App.Services.GetRequiredService<SessionRegistry>();
        await registry.EndAllAsync(SessionRegistry.UserKeyOf(Provider.Issuer, FakeOidcProvider.Subject), default);
        var calls = Provider.TokenCalls;

        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(response, "__Host-fake-session")!));
        Assert.Equal(calls, Provider.TokenCalls);
    }

    [Fact]
    public async Task Logout_ends_the_session_in_the_registry_so_a_copied_cookie_is_worthless()
    {
        var client = await SignedInAsync();
        var copy = App.CreateAppClient();
        client.Jar.CopyTo(copy.Jar);

        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_server_rendered_page_given_a_copied_cookie_whose_session_ended_treats_the_visitor_as_signed_out()
    {
        var client = await SignedInAsync();
        var copy = App.CreateAppClient();
        client.Jar.CopyTo(copy.Jar);

        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/logout")).StatusCode);

        var account = await copy.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.Equal("/?returnUrl=%2Faccount", account.Headers.Location!.OriginalString);
        var home = await (await copy.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Welcome, Fake User", home);
        Assert.Contains("Continue with fake", home);
    }

    [Fact]
    public async Task Two_tabs_refreshing_at_once_with_a_rotating_provider_both_stay_signed_in()
    {
        var client = await SignedInDueAsync();
        Provider.AccessTokenLifetime = TimeSpan.FromMinutes(5);
        var otherTab = App.CreateAppClient();
        client.Jar.CopyTo(otherTab.Jar);

        var grants = Provider.TokenRequests.Count(r => r.GetValueOrDefault("grant_type") == "refresh_token");

        // The provider takes its time, so the second tab's refresh arrives while the first one's is in flight.
        var release = new TaskCompletionSource();
        Provider.HoldTokenAnswer = () => release.Task;
        var first = client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        var second = otherTab.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        await Task.Delay(200);
        Provider.HoldTokenAnswer = null;
        release.SetResult();
        var both = await Task.WhenAll(first, second);

        Assert.All(both, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(grants + 1, Provider.TokenRequests.Count(r => r.GetValueOrDefault("grant_type") == "refresh_token"));
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_refresh_the_browser_abandons_after_the_provider_rotated_still_hands_the_new_token_to_the_reloaded_page()
    {
        var client = await SignedInDueAsync();
        var spent = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        Provider.HoldTokenAnswer = () =>
        {
            spent.TrySetResult();
            return release.Task;
        };

        // The page navigates away while its refresh waits on the provider, which has already spent the old token.
        using var abandon = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/fake/refresh");
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        client.Jar.AddTo(request);
        var abandoned = client.Http.SendAsync(request, abandon.Token);
        await spent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await abandon.CancelAsync();
        Provider.HoldTokenAnswer = null;
        release.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        // The reloaded page's cookie names the session, which the abandoned renewal carried on.
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        var presented = Provider.TokenRequests.Where(r => r.GetValueOrDefault("grant_type") == "refresh_token").Select(r => r["refresh_token"]).ToList();
        Assert.Equal(presented.Count, presented.Distinct().Count());
    }

    [Fact]
    public async Task Invalid_grant_at_the_provider_is_401_and_clears_the_cookie()
    {
        var client = await SignedInDueAsync();
        Provider.AnswerTokenRequests(400, body: """{"error":"invalid_grant"}""");
        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(response, "__Host-fake-session")!));
    }

    [Fact]
    public async Task Rotation_sets_no_cookie_and_the_old_refresh_token_is_never_spent_again()
    {
        var client = await SignedInDueAsync();
        var cookie = client.Jar["__Host-fake-session"]!;

        var first = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Empty(CookieJar.SetCookies(first));
        Assert.Equal(cookie, client.Jar["__Host-fake-session"]);
        var spent = Provider.TokenRequests.Last(r => r.GetValueOrDefault("grant_type") == "refresh_token")["refresh_token"];
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Get, "/auth/fake/refresh")).StatusCode);

        Assert.Single(Provider.TokenRequests, r => r.GetValueOrDefault("refresh_token") == spent);
    }

    [Fact]
    public async Task A_refresh_while_the_access_token_is_fresh_calls_no_provider_and_answers_no_token()
    {
        var client = await SignedInAsync();
        var calls = Provider.TokenCalls;

        for (var i = 0; i < 5; i++)
        {
            var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(CookieJar.SetCookies(response));
            using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var info = body.RootElement.GetProperty("providerInfo");
            Assert.False(info.TryGetProperty("accessToken", out _));
            Assert.False(info.TryGetProperty("idToken", out _));
            Assert.InRange(info.GetProperty("expiresInSeconds").GetInt32(), 290, 300);
            Assert.Equal("Fake User", body.RootElement.GetProperty("profile").GetProperty("displayName").GetString());
        }

        Assert.Equal(calls, Provider.TokenCalls);
    }

    [Theory]
    [InlineData("sub", "user-2")]
    [InlineData("iss", "https://evil.example")]
    [InlineData("aud", "someone-else")]
    public async Task A_refreshed_id_token_for_another_identity_is_401_and_updates_nothing(string claim, string value)
    {
        var client = await SignedInDueAsync();
        Provider.IdTokenClaims = claims => claims[claim] = value;
        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(CookieJar.SetCookies(response), c => !CookieAssert.IsDeletion(c));
        Provider.IdTokenClaims = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task Without_a_refresh_token_refresh_has_userinfo_confirm_the_access_token_and_ends_the_session_once_it_does_not()
    {
        Provider.IssueRefreshTokens = false;
        var client = await SignedInAsync();
        var calls = Provider.TokenCalls;

        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(calls, Provider.TokenCalls);
        using (var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.InRange(body.RootElement.GetProperty("providerInfo").GetProperty("expiresInSeconds").GetInt32(), 290, 300);
            Assert.False(body.RootElement.GetProperty("providerInfo").TryGetProperty("accessToken", out _));
        }

        Provider.UserInfoStatus = 401;
        var ended = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(ended, "__Host-fake-session")!));
    }

    [Fact]
    public async Task A_provider_that_is_down_keeps_the_session_for_a_retry()
    {
        var client = await SignedInDueAsync();
        Provider.AnswerTokenRequests(503);
        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
        Provider.TokenOverride = null;
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_new_sign_in_replaces_the_earlier_session_of_any_provider()
    {
        var client = await SignedInAsync();
        var first = client.Jar["__Host-fake-session"];

        var start = await client.GetAsync("/auth/other/start");
        var query = System.Web.HttpUtility.ParseQueryString(start.Headers.Location!.Query);
        Provider.Nonce = query["nonce"];
        var frame = await CallbackAsync(client, $"code=c2&state={query["state"]}&iss={Iss}", "other");

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(frame, "__Host-fake-session")!));
        Assert.NotNull(client.Jar["__Host-other-session"]);
        Assert.NotEqual(first, client.Jar["__Host-other-session"]);
    }

    [Fact]
    public async Task Hundreds_of_cookies_and_huge_chunks_are_refused_without_a_500()
    {
        var client = App.CreateAppClient();
        for (var i = 0; i < 300; i++)
        {
            client.Jar.Set($"c{i}", new string('x', 100));
        }

        for (var i = 0; i < 20; i++)
        {
            client.Jar.Set($"__Host-fake-session-{i}", new string('A', 4000));
        }

        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
