using System.Net;
using System.Text.Json;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>The four routes against the real embedded OpenIddict provider, over real HTTP.</summary>
public sealed class DemoProviderFlowTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly DemoAppFactory _app = fixture.App;

    [Fact]
    public void The_log_says_where_the_app_is_and_how_to_sign_in_and_not_where_the_demo_provider_listens()
    {
        var lines = _app.Logs.Lines;
        Assert.Contains(lines, line => line.Contains($"BlazorAuth is running at {_app.AppOrigin}: open it and click \"Continue with Demo\" (alice / wonderland", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(_app.DemoUrl, StringComparison.Ordinal) && line.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_whose_metadata_does_not_announce_front_channel_logout_has_no_such_route()
    {
        var response = await _app.CreateAppClient().GetAsync($"/auth/demo/frontchannel-logout?iss={Uri.EscapeDataString(_app.DemoUrl + "/")}&sid=x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_popup_sign_in_posts_a_session_to_the_app_origin_and_sets_the_session_cookie()
    {
        var client = _app.CreateAppClient();
        var start = await client.GetAsync("/auth/demo/start");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);

        var callback = await new DemoIdpDriver().SignInAsync(start.Headers.Location!);
        Assert.Equal(_app.DemoUrl + "/", System.Web.HttpUtility.ParseQueryString(callback.Query)["iss"]);

        var tokenRequestsBefore = TokenRequestsAnswered();
        var frame = await client.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        // The provider's own line for the code exchange: what bench/run.sh counts the app's calls to the provider by.
        Assert.True(TokenRequestsAnswered() > tokenRequestsBefore);
        CookieAssert.AllHostCookies(frame);
        var page = await FramePageContent.ReadAsync(frame);
        Assert.Equal(_app.AppOrigin, page.TargetOrigin);
        Assert.Equal("authorization_response", page.Message.GetProperty("type").GetString());
        var profile = page.Message.GetProperty("response").GetProperty("profile");
        Assert.Equal("alice@example.test", profile.GetProperty("email").GetString());
        Assert.Equal("Alice Liddell", profile.GetProperty("displayName").GetString());
        Assert.Contains(client.Jar.Cookies.Keys, k => k.StartsWith("__Host-demo-session", StringComparison.Ordinal));
        Assert.Null(client.Jar["__Host-demo-nonce"]);

        var user = await _app.Services.GetRequiredService<SessionTicketService>().RedeemAsync(page.Ticket, default);
        Assert.NotNull(user);
        Assert.Equal("demo", user.ProviderId);
        Assert.Equal("alice@example.test", user.Profile.Email);
        Assert.Null(await _app.Services.GetRequiredService<SessionTicketService>().RedeemAsync(page.Ticket, default));
    }

    private int TokenRequestsAnswered() =>
        _app.Logs.Lines.Count(line => line.Contains("Demo identity provider answered a token request with 200 in", StringComparison.Ordinal));

    [Fact]
    public async Task Refresh_answers_the_session_without_its_tokens_and_logout_ends_it_at_the_provider()
    {
        var client = await SignedInClientAsync();

        var refresh = await client.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh");
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal("no-store", refresh.Headers.CacheControl?.ToString());
        using (var body = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync()))
        {
            Assert.False(body.RootElement.GetProperty("providerInfo").TryGetProperty("accessToken", out _));
            Assert.False(body.RootElement.GetProperty("providerInfo").TryGetProperty("idToken", out _));
            Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("session").GetProperty("ticket").GetString()));
            Assert.Equal("Alice Liddell", body.RootElement.GetProperty("profile").GetProperty("displayName").GetString());
        }

        var copy = _app.CreateAppClient();
        client.Jar.CopyTo(copy.Jar);

        var logout = await client.AppCallAsync(HttpMethod.Post, "/auth/demo/logout");
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        CookieAssert.AllHostCookies(logout);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(logout, "__Host-demo-session")!));
        Assert.DoesNotContain(client.Jar.Cookies.Keys, k => k.StartsWith("__Host-demo-session", StringComparison.Ordinal));
        using (var body = JsonDocument.Parse(await logout.Content.ReadAsStringAsync()))
        {
            Assert.StartsWith(_app.DemoUrl + "/connect/logout?", body.RootElement.GetProperty("logoutUrl").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_providers_session_too_so_the_next_sign_in_asks_for_the_password()
    {
        var browser = new DemoIdpDriver();
        var client = _app.CreateAppClient();
        var start = await client.GetAsync("/auth/demo/start");
        var frame = await client.GetAsync((await browser.SignInAsync(start.Headers.Location!)).PathAndQuery);
        Assert.False((await FramePageContent.ReadAsync(frame)).Message.GetProperty("response").GetProperty("providerInfo").TryGetProperty("idToken", out _));

        // Until the provider's session ends, the provider signs the same person straight back in.
        var again = await client.GetAsync("/auth/demo/start");
        Assert.EndsWith("/auth/demo/handler/frame", (await browser.FollowAsync(again.Headers.Location!)).AbsolutePath);

        var logout = await client.AppCallAsync(HttpMethod.Post, "/auth/demo/logout");
        using var body = JsonDocument.Parse(await logout.Content.ReadAsStringAsync());
        var logoutUrl = new Uri(body.RootElement.GetProperty("logoutUrl").GetString()!);
        var query = System.Web.HttpUtility.ParseQueryString(logoutUrl.Query);
        // The id_token the session keeps on the server, for the provider to know whom it signs out.
        Assert.Equal(3, query["id_token_hint"]!.Split('.').Length);
        Assert.Equal(_app.AppOrigin + "/auth/demo/signed-out", query["post_logout_redirect_uri"]);

        // The popup visits it: the provider signs the user out without asking again and sends the popup back.
        Assert.Equal(_app.AppOrigin + "/auth/demo/signed-out", (await browser.FollowAsync(logoutUrl)).GetLeftPart(UriPartial.Path));

        var next = await client.GetAsync("/auth/demo/start");
        Assert.Equal("/login", (await browser.FollowAsync(next.Headers.Location!)).AbsolutePath);
    }

    [Fact]
    public async Task Use_another_account_asks_the_provider_for_its_login_page_even_when_it_has_a_session()
    {
        var browser = new DemoIdpDriver();
        var client = _app.CreateAppClient();
        var start = await client.GetAsync("/auth/demo/start");
        await client.GetAsync((await browser.SignInAsync(start.Headers.Location!)).PathAndQuery);

        var another = await client.GetAsync("/auth/demo/start?prompt=login");
        Assert.Equal("login", System.Web.HttpUtility.ParseQueryString(another.Headers.Location!.Query)["prompt"]);
        Assert.Equal("/login", (await browser.FollowAsync(another.Headers.Location!)).AbsolutePath);

        // Bob keeps his consent page for the consent test: the same person signing in again shows the login was asked for.
        var again = await browser.SignInAsync(another.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(again.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Consent_denied_at_the_provider_is_a_clear_error_and_nothing_is_stored()
    {
        var client = _app.CreateAppClient();
        var start = await client.GetAsync("/auth/demo/start");
        var callback = await new DemoIdpDriver().SignInAsync(start.Headers.Location!, "bob", "builder", allow: false);

        var frame = await client.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        CookieAssert.NothingStored(frame, "demo");
        var page = await FramePageContent.ReadAsync(frame);
        Assert.Equal("ProviderError", page.ErrorName);
        Assert.Contains("access_denied", page.Message.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("/no/such/page")]
    [InlineData("/account/nothing-here?x=1")]
    public async Task An_unknown_address_loaded_directly_gets_the_apps_own_not_found_page_with_404(string path)
    {
        var response = await _app.CreateAppClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1", page);
        Assert.Contains("There is nothing at this address.", page);
        Assert.Contains("Continue with Demo", page);

        // Other methods keep their answer: re-executed, they would meet the page's antiforgery check (400).
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _app.CreateAppClient().PostAsync(path)).StatusCode);
    }

    [Fact]
    public async Task An_endpoint_calls_an_api_with_the_users_access_token_from_the_server()
    {
        var client = await SignedInClientAsync();
        var answer = await client.GetAsync("/api/demo-profile");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("Alice Liddell", body.RootElement.GetProperty("name").GetString());

        // Without a session there is no token to send: the app does not call the API for nobody.
        var anonymous = await _app.CreateAppClient().GetAsync("/api/demo-profile");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    internal async Task<AppClient> SignedInClientAsync()
    {
        var client = _app.CreateAppClient();
        var start = await client.GetAsync("/auth/demo/start");
        var callback = await new DemoIdpDriver().SignInAsync(start.Headers.Location!);
        var frame = await client.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        return client;
    }
}

public sealed class DemoAppFixture : IAsyncLifetime
{
    public DemoAppFactory App { get; } = new();

    public Task InitializeAsync() => App.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
