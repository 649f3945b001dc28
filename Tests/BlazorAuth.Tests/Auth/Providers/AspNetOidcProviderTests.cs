using System.Net;
using System.Text.Json;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.DemoIdentityProvider;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>
/// The <c>aspnet-oidc</c> type, configured from settings alone: ASP.NET Core's own OpenID Connect handler against the
/// embedded OpenIddict provider, through the same four routes, over real HTTP.
/// </summary>
public sealed class AspNetOidcProviderTests(AspNetOidcAppFixture fixture) : IClassFixture<AspNetOidcAppFixture>
{
    private const string Provider = "framework";
    private const string QueryProvider = "framework-query";
    private readonly DemoAppFactory _app = fixture.App;

    [Fact]
    public async Task Start_hands_the_popup_to_the_frameworks_handler_with_its_own_cookies_beside_the_binding_cookie()
    {
        var start = await _app.CreateAppClient().GetAsync($"/auth/{Provider}/start");

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.Equal(_app.DemoUrl + "/connect/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(_app.AppOrigin + $"/auth/{Provider}/handler/frame", query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["nonce"]));

        Assert.Equal("form_post", query["response_mode"]);

        // The handler's cookies, pinned as they are: a correlation cookie and a nonce cookie, scoped to the provider's
        // routes (so that the next /start can remove them: HandlerCookieTests); beside them the built-in types'
        // __Host-{p}-nonce binding cookie, which no sibling subdomain can plant. All are SameSite=None because the
        // provider's answer is a cross-site form post, Secure and HttpOnly.
        var cookies = CookieJar.SetCookies(start);
        Assert.Equal(3, cookies.Count);
        Assert.Single(cookies, c => c.Name.Value!.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) && c.Path.Value == $"/auth/{Provider}");
        Assert.Single(cookies, c => c.Name.Value!.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal) && c.Path.Value == $"/auth/{Provider}");
        Assert.Single(cookies, c => c.Name.Value == $"__Host-{Provider}-nonce" && c.Path.Value == "/" && c.Domain.Value is null);
        foreach (var cookie in cookies)
        {
            Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.None, cookie.SameSite);
            Assert.True(cookie.Secure);
            Assert.True(cookie.HttpOnly);
        }
    }

    [Fact]
    public async Task A_popup_sign_in_posts_the_same_message_and_starts_the_same_session_as_the_built_in_type()
    {
        var (client, callback) = await StartAndSignInAsync();
        Assert.Equal(_app.DemoUrl + "/", callback["iss"]);

        var frame = await callback.SendAsync(client);

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal("no-store", frame.Headers.CacheControl?.ToString());
        var page = await FramePageContent.ReadAsync(frame);
        Assert.Equal(_app.AppOrigin, page.TargetOrigin);
        Assert.Equal("authorization_response", page.Message.GetProperty("type").GetString());
        Assert.Equal("alice@example.test", page.Message.GetProperty("response").GetProperty("profile").GetProperty("email").GetString());
        Assert.Contains(client.Jar.Cookies.Keys, k => k.StartsWith($"__Host-{Provider}-session", StringComparison.Ordinal));
        Assert.DoesNotContain(client.Jar.Cookies.Keys, k => k.StartsWith(".AspNetCore.", StringComparison.Ordinal));

        var tickets = _app.Services.GetRequiredService<SessionTicketService>();
        var user = await tickets.RedeemAsync(page.Ticket, default);
        Assert.NotNull(user);
        Assert.Equal(Provider, user.ProviderId);
        Assert.Equal("Alice Liddell", user.Profile.DisplayName);
        Assert.Equal(_app.DemoUrl + "/", user.Profile.Issuer);
        Assert.Null(await tickets.RedeemAsync(page.Ticket, default));
    }

    [Fact]
    public async Task Refresh_renews_through_the_handlers_configuration_and_logout_revokes_and_answers_the_end_session_url()
    {
        var client = await SignedInClientAsync();

        var refresh = await client.AppCallAsync(HttpMethod.Post, $"/auth/{Provider}/refresh");
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        using (var body = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync()))
        {
            Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("session").GetProperty("ticket").GetString()));
            Assert.Equal("Alice Liddell", body.RootElement.GetProperty("profile").GetProperty("displayName").GetString());
        }

        // The demo provider rotates refresh tokens: the renewed cookie is the one that works now.
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, $"/auth/{Provider}/refresh")).StatusCode);

        var logout = await client.AppCallAsync(HttpMethod.Post, $"/auth/{Provider}/logout");
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        using (var body = JsonDocument.Parse(await logout.Content.ReadAsStringAsync()))
        {
            var logoutUrl = new Uri(body.RootElement.GetProperty("logoutUrl").GetString()!);
            Assert.Equal(_app.DemoUrl + "/connect/logout", logoutUrl.GetLeftPart(UriPartial.Path));
            Assert.Equal(_app.AppOrigin + $"/auth/{Provider}/signed-out", System.Web.HttpUtility.ParseQueryString(logoutUrl.Query)["post_logout_redirect_uri"]);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.AppCallAsync(HttpMethod.Post, $"/auth/{Provider}/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_callback_replayed_with_its_cookies_is_refused_and_stores_nothing()
    {
        var (client, callback) = await StartAndSignInAsync();
        var copy = _app.CreateAppClient();
        client.Jar.CopyTo(copy.Jar);
        Assert.Equal(HttpStatusCode.OK, (await callback.SendAsync(client)).StatusCode);

        var replay = await callback.SendAsync(copy);

        await AssertRefusedAsync(replay, "InvalidState", copy);
    }

    [Fact]
    public async Task A_callback_in_another_browser_without_the_correlation_cookie_is_refused()
    {
        var (client, callback) = await StartAndSignInAsync();

        // The nonce cookie travels with it; only the correlation cookie, the browser binding, stays behind.
        var other = _app.CreateAppClient();
        client.Jar.CopyTo(other.Jar);
        other.Jar.Remove(Assert.Single(other.Jar.Cookies.Keys, k => k.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal)));
        var frame = await callback.SendAsync(other);

        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(frame)).ErrorName);
        Assert.DoesNotContain(CookieJar.SetCookies(frame), c => c.Name.Value!.StartsWith($"__Host-{Provider}-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_attackers_captured_form_post_with_his_planted_handler_cookies_does_not_sign_the_victim_in()
    {
        // The attacker signs in with his own account and keeps the provider's answer; a sibling subdomain plants his
        // correlation and nonce cookies (not __Host-, so Domain= reaches this host) in the victim's browser, and the answer
        // is posted there. (Alice plays the attacker: bob's consent is another test's to deny.)
        var (attacker, callback) = await StartAndSignInAsync();
        var victim = _app.CreateAppClient();
        foreach (var (name, value) in attacker.Jar.Cookies.Where(c => c.Key.StartsWith(".AspNetCore.", StringComparison.Ordinal)))
        {
            victim.Jar.Set(name, value);
        }

        var frame = await callback.SendAsync(victim);

        await AssertRefusedAsync(frame, "InvalidState", victim);
        Assert.DoesNotContain(CookieJar.SetCookies(frame), c => c.Name.Value!.StartsWith($"__Host-{Provider}-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_iss_naming_another_issuer_is_refused_as_the_built_in_type_refuses_it()
    {
        var (client, callback) = await StartAndSignInAsync();
        var forged = callback with { Form = [.. callback.Form!.Select(f => f.Key == "iss" ? new KeyValuePair<string, string>("iss", "https://evil.example/") : f)] };
        Assert.Equal(_app.DemoUrl + "/", callback["iss"]);

        var frame = await forged.SendAsync(client);

        await AssertRefusedAsync(frame, "IssuerMismatch", client);
    }

    [Fact]
    public async Task An_iss_encoded_once_too_often_is_refused_and_the_warning_names_what_came_and_what_was_expected()
    {
        // As Glewlwyd sends it in form_post: the issuer percent-encoded inside the already encoded form.
        var (client, callback) = await StartAndSignInAsync();
        var doubled = Uri.EscapeDataString(_app.DemoUrl + "/");
        var quirky = callback with { Form = [.. callback.Form!.Select(f => f.Key == "iss" ? new KeyValuePair<string, string>("iss", doubled) : f)] };

        await AssertRefusedAsync(await quirky.SendAsync(client), "IssuerMismatch", client);

        Assert.Contains(_app.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains($"\"{doubled}\"", StringComparison.Ordinal) && l.Contains($"\"{_app.DemoUrl}/\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResponseMode_query_from_settings_alone_has_the_provider_answer_in_the_query_and_signs_in()
    {
        var client = _app.CreateAppClient();
        var start = await client.GetAsync($"/auth/{QueryProvider}/start");
        // The code flow's default mode: the handler leaves response_mode out rather than asking for form_post.
        Assert.Null(System.Web.HttpUtility.ParseQueryString(start.Headers.Location!.Query)["response_mode"]);

        var callback = await new DemoIdpDriver().SignInToCallbackAsync(start.Headers.Location!, "alice", "wonderland", true);
        Assert.Null(callback.Form);
        Assert.Equal(HttpStatusCode.OK, (await callback.SendAsync(client)).StatusCode);
        Assert.Contains(client.Jar.Cookies.Keys, k => k.StartsWith($"__Host-{QueryProvider}-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consent_denied_at_the_provider_answers_the_same_failure_page()
    {
        var (client, callback) = await StartAndSignInAsync("bob", "builder", allow: false);

        var frame = await callback.SendAsync(client);

        await AssertRefusedAsync(frame, "ProviderError", client);
    }

    [Fact]
    public async Task A_callback_with_no_state_is_refused_without_a_server_error()
    {
        var frame = await _app.CreateAppClient().GetAsync($"/auth/{Provider}/handler/frame?code=x");

        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(frame)).ErrorName);
    }

    /// <summary>The failure page with <paramref name="errorName"/>, and no session for the browser that got it.</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage frame, string errorName, AppClient browser)
    {
        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        Assert.Equal(errorName, (await FramePageContent.ReadAsync(frame)).ErrorName);
        Assert.DoesNotContain(browser.Jar.Cookies.Keys, k => k.StartsWith($"__Host-{Provider}-session", StringComparison.Ordinal));
    }

    private async Task<AppClient> SignedInClientAsync()
    {
        var (client, callback) = await StartAndSignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await callback.SendAsync(client)).StatusCode);
        return client;
    }

    /// <summary>A browser that started a sign-in and signed in at the provider: the provider's answer, not yet delivered.</summary>
    private async Task<(AppClient Client, ProviderCallback Callback)> StartAndSignInAsync(string userName = "alice", string password = "wonderland", bool allow = true)
    {
        var client = _app.CreateAppClient();
        var start = await client.GetAsync($"/auth/{Provider}/start");
        return (client, await new DemoIdpDriver().SignInToCallbackAsync(start.Headers.Location!, userName, password, allow));
    }
}

/// <summary>The showcase with the demo provider twice: as the built-in <c>oidc</c> type and, from settings only, as <c>aspnet-oidc</c>.</summary>
public sealed class AspNetOidcAppFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _settings = new()
    {
        ["DemoIdentityProvider:Enabled"] = "true",
        ["Auth:Providers:framework:Type"] = "aspnet-oidc",
        ["Auth:Providers:framework:DisplayName"] = "Demo through ASP.NET Core",
        ["Auth:Providers:framework:ClientId"] = DemoIdentityProviderOptions.ClientId,
        ["Auth:Providers:framework:Scopes"] = "openid profile email offline_access",
        ["Auth:Providers:framework-query:Type"] = "aspnet-oidc",
        ["Auth:Providers:framework-query:ClientId"] = DemoIdentityProviderOptions.ClientId,
        ["Auth:Providers:framework-query:ResponseMode"] = "query",
    };

    public AspNetOidcAppFixture()
    {
        App = new DemoAppFactory(settings: _settings);
        _settings["Auth:Providers:framework:Authority"] = App.DemoUrl;
        _settings["Auth:Providers:framework:ClientSecret"] = App.ClientSecret.Value;
        _settings["Auth:Providers:framework-query:Authority"] = App.DemoUrl;
        _settings["Auth:Providers:framework-query:ClientSecret"] = App.ClientSecret.Value;
    }

    public DemoAppFactory App { get; }

    public Task InitializeAsync() => App.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
