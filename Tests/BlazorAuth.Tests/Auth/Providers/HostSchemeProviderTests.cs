using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using System.Web;
using BlazorAuth.Auth;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>
/// The <c>aspnet</c> type over a scheme the host registered in code: a plain <c>AddOAuth</c> scheme against a
/// GitHub-style fake server, through the same four routes.
/// </summary>
public sealed class HostSchemeProviderTests(HostSchemeAppFixture fixture) : IClassFixture<HostSchemeAppFixture>
{
    [Fact]
    public async Task Start_challenges_the_hosts_scheme_with_its_callback_path_moved_to_the_frame_route()
    {
        var start = await fixture.CreateAppClient().GetAsync("/auth/github/start");

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith(fixture.GitHub.Url + "/login/oauth/authorize?", start.Headers.Location!.AbsoluteUri);
        var query = HttpUtility.ParseQueryString(start.Headers.Location.Query);
        Assert.Equal("https://app.example.com/auth/github/handler/frame", query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        var cookies = CookieJar.SetCookies(start);
        Assert.Equal(2, cookies.Count);
        Assert.Single(cookies, c => c.Name.Value!.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
        Assert.Single(cookies, c => c.Name.Value == "__Host-github-nonce" && c.Path.Value == "/" && c.Secure && c.HttpOnly);
    }

    [Fact]
    public async Task A_sign_in_through_the_scheme_posts_the_session_and_the_user_its_claims_name()
    {
        var (client, frame) = await SignInAsync();

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        var page = await FramePageContent.ReadAsync(frame);
        Assert.Equal("https://app.example.com", page.TargetOrigin);
        var profile = page.Message.GetProperty("response").GetProperty("profile");
        Assert.Equal("The Octocat", profile.GetProperty("displayName").GetString());
        Assert.Contains(client.Jar.Cookies.Keys, k => k.StartsWith("__Host-github-session", StringComparison.Ordinal));

        // No refresh token: the session lives on its access token, and a refresh answers without asking the provider.
        var refresh = await client.AppCallAsync(HttpMethod.Post, "/auth/github/refresh");
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        using var body = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync());
        Assert.Equal("The Octocat", body.RootElement.GetProperty("profile").GetProperty("displayName").GetString());

        var logout = await client.AppCallAsync(HttpMethod.Post, "/auth/github/logout");
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.AppCallAsync(HttpMethod.Post, "/auth/github/refresh")).StatusCode);
    }

    [Fact]
    public async Task Access_denied_answers_the_failure_page_and_stores_nothing()
    {
        var client = fixture.CreateAppClient();
        var start = await client.GetAsync("/auth/github/start");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];

        var frame = await client.GetAsync($"/auth/github/handler/frame?error=access_denied&state={Uri.EscapeDataString(state!)}");

        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        Assert.Equal("ProviderError", (await FramePageContent.ReadAsync(frame)).ErrorName);
        Assert.DoesNotContain(CookieJar.SetCookies(frame), c => c.Name.Value!.StartsWith("__Host-github-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_code_the_provider_refuses_is_a_remote_failure_answered_by_the_failure_page()
    {
        var client = fixture.CreateAppClient();
        var start = await client.GetAsync("/auth/github/start");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];

        var frame = await client.GetAsync($"/auth/github/handler/frame?code=spent&state={Uri.EscapeDataString(state!)}");

        Assert.Equal(HttpStatusCode.BadGateway, frame.StatusCode);
        Assert.Equal("ProviderBadResponse", (await FramePageContent.ReadAsync(frame)).ErrorName);
        Assert.DoesNotContain(CookieJar.SetCookies(frame), c => c.Name.Value!.StartsWith("__Host-github-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_from_another_browser_fails_the_handlers_correlation_check()
    {
        var start = await fixture.CreateAppClient().GetAsync("/auth/github/start");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];
        var code = fixture.GitHub.IssueCode();

        var frame = await fixture.CreateAppClient().GetAsync($"/auth/github/handler/frame?code={code}&state={Uri.EscapeDataString(state!)}");

        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(frame)).ErrorName);
        Assert.DoesNotContain(fixture.GitHub.TokenRequests, request => request.GetValueOrDefault("code") == code);
    }

    [Fact]
    public async Task A_callback_with_a_correlation_cookie_planted_from_a_sibling_subdomain_is_refused_before_its_code_is_redeemed()
    {
        // The attacker starts a sign-in, keeps his state and code, and plants his correlation cookie (not __Host-,
        // so a sibling subdomain can set it with Domain=) in the victim's browser, which then follows his callback.
        var attacker = fixture.CreateAppClient();
        var start = await attacker.GetAsync("/auth/github/start");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];
        var code = fixture.GitHub.IssueCode();
        var victim = fixture.CreateAppClient();
        foreach (var (name, value) in attacker.Jar.Cookies.Where(c => c.Key.StartsWith(".AspNetCore.", StringComparison.Ordinal)))
        {
            victim.Jar.Set(name, value);
        }

        var frame = await victim.GetAsync($"/auth/github/handler/frame?code={code}&state={Uri.EscapeDataString(state!)}");

        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(frame)).ErrorName);
        Assert.DoesNotContain(victim.Jar.Cookies.Keys, k => k.StartsWith("__Host-github-session", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.GitHub.TokenRequests, request => request.GetValueOrDefault("code") == code);
    }

    private async Task<(AppClient Client, HttpResponseMessage Frame)> SignInAsync()
    {
        var client = fixture.CreateAppClient();
        var start = await client.GetAsync("/auth/github/start");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];
        var frame = await client.GetAsync($"/auth/github/handler/frame?code={fixture.GitHub.IssueCode()}&state={Uri.EscapeDataString(state!)}");
        return (client, frame);
    }
}

/// <summary>The showcase with a host-registered <c>AddOAuth</c> scheme offered as provider <c>github</c>.</summary>
public sealed class HostSchemeAppFixture : IAsyncLifetime
{
    public FakeGitHub GitHub { get; } = new();

    public WebApplicationFactory<Program> App { get; private set; } = null!;

    public AppClient CreateAppClient() =>
        AppClient.At(App, "https://app.example.com");

    public async Task InitializeAsync()
    {
        await GitHub.StartAsync();
        App = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            builder.ConfigureTestServices(services => AddGitHubScheme(services, GitHub));
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await GitHub.DisposeAsync();
    }

    /// <summary>The host's own <c>AddOAuth</c> scheme against <paramref name="gitHub"/>, offered as provider <c>github</c>.</summary>
    public static void AddGitHubScheme(IServiceCollection services, FakeGitHub gitHub)
    {
        services.AddAuthentication().AddOAuth("github", oauth =>
        {
            oauth.ClientId = FakeGitHub.ClientId;
            oauth.ClientSecret = FakeGitHub.ClientSecret;
            oauth.AuthorizationEndpoint = gitHub.Url + "/login/oauth/authorize";
            oauth.TokenEndpoint = gitHub.Url + "/login/oauth/access_token";
            oauth.UserInformationEndpoint = gitHub.Url + "/user";
            oauth.UsePkce = true;
            oauth.Scope.Add("read:user");
            oauth.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
            oauth.ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
            oauth.ClaimActions.MapJsonKey(ClaimTypes.Email, "email");
            oauth.Events.OnCreatingTicket = async context =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
                using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
                response.EnsureSuccessStatusCode();
                using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                context.RunClaimActions(user.RootElement);
            };
        });
        services.AddBlazorAuthScheme("github", "github", "GitHub");
    }
}
