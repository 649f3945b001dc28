using System.Net;
using System.Text.Json;
using System.Web;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>The <c>oauth2</c> type against a GitHub-style server, through the same four routes.</summary>
public sealed class OAuth2ProviderTests : IClassFixture<FakeGitHubFixture>
{
    private readonly FakeGitHubFixture fixture;

    public OAuth2ProviderTests(FakeGitHubFixture fixture)
    {
        this.fixture = fixture;
        fixture.GitHub.User = FakeGitHub.DefaultUser;
        fixture.GitHub.Emails = FakeGitHub.DefaultEmails;
    }

    [Fact]
    public async Task Start_sends_pkce_and_the_configured_scopes_but_no_nonce()
    {
        var start = await fixture.CreateAppClient().GetAsync("/auth/gh/start");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var query = HttpUtility.ParseQueryString(start.Headers.Location!.Query);
        Assert.StartsWith(fixture.GitHub.Url + "/login/oauth/authorize?", start.Headers.Location.AbsoluteUri);
        Assert.Equal(FakeGitHub.ClientId, query["client_id"]);
        Assert.Equal("https://app.example.com/auth/gh/handler/frame", query["redirect_uri"]);
        Assert.Equal("read:user user:email", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Null(query["nonce"]);
    }

    [Fact]
    public async Task A_sign_in_maps_the_user_json_to_the_profile()
    {
        var (client, frame) = await SignInAsync();
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        var page = await FramePageContent.ReadAsync(frame);
        var profile = page.Message.GetProperty("response").GetProperty("profile");
        Assert.Equal("The Octocat", profile.GetProperty("displayName").GetString());
        Assert.Equal("octocat@example.test", profile.GetProperty("email").GetString());
        Assert.Equal("https://avatars.example.test/u/583231", profile.GetProperty("picture").GetString());
        Assert.False(page.Message.GetProperty("response").GetProperty("providerInfo").TryGetProperty("idToken", out _), "an unvalidated id_token is passed on");

        var request = fixture.GitHub.TokenRequests.Last();
        Assert.Equal(FakeGitHub.ClientSecret, request["client_secret"]);
        Assert.Equal(43, request["code_verifier"].Length);
        Assert.Contains(client.Jar.Cookies.Keys, k => k.StartsWith("__Host-gh-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_configured_issuer_an_iss_on_the_callback_has_nothing_to_contradict()
    {
        var client = fixture.CreateAppClient();
        var state = HttpUtility.ParseQueryString((await client.GetAsync("/auth/gh/start")).Headers.Location!.Query)["state"];
        var frame = await client.GetAsync($"/auth/gh/handler/frame?code={fixture.GitHub.IssueCode()}&state={state}&iss=https%3A%2F%2Fgithub.example");
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
    }

    [Fact]
    public async Task A_refused_code_answered_with_200_is_a_used_code_error_and_nothing_is_stored()
    {
        var client = fixture.CreateAppClient();
        var state = HttpUtility.ParseQueryString((await client.GetAsync("/auth/gh/start")).Headers.Location!.Query)["state"];
        var frame = await client.GetAsync($"/auth/gh/handler/frame?code=never-issued&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        CookieAssert.NothingStored(frame, "gh");
        Assert.Equal("InvalidGrant", (await FramePageContent.ReadAsync(frame)).ErrorName);
    }

    [Theory]
    [InlineData("""{"login":"ghost","id":null}""")]
    [InlineData("""{"login":"ghost"}""")]
    [InlineData("""["not","an","object"]""")]
    public async Task A_user_without_an_id_signs_no_one_in(string user)
    {
        fixture.GitHub.User = user;
        try
        {
            var (_, frame) = await SignInAsync();
            Assert.Equal(HttpStatusCode.BadGateway, frame.StatusCode);
            CookieAssert.NothingStored(frame, "gh");
        }
        finally
        {
            fixture.GitHub.User = FakeGitHub.DefaultUser;
        }
    }

    [Fact]
    public async Task Refresh_rechecks_the_access_token_and_a_revoked_one_ends_the_session()
    {
        var (client, _) = await SignInAsync();
        var refresh = await client.AppCallAsync(HttpMethod.Post, "/auth/gh/refresh");
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        using (var body = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync()))
        {
            Assert.Equal("The Octocat", body.RootElement.GetProperty("profile").GetProperty("displayName").GetString());
        }

        fixture.GitHub.RevokeAllTokens();
        var ended = await client.AppCallAsync(HttpMethod.Post, "/auth/gh/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(ended, "__Host-gh-session")!));
    }

    [Fact]
    public async Task A_user_endpoint_that_now_names_another_user_ends_the_session()
    {
        var (client, _) = await SignInAsync();
        fixture.GitHub.User = """{"login":"mallory","id":666}""";
        try
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.AppCallAsync(HttpMethod.Post, "/auth/gh/refresh")).StatusCode);
        }
        finally
        {
            fixture.GitHub.User = FakeGitHub.DefaultUser;
        }
    }

    [Fact]
    public async Task With_a_verified_emails_endpoint_the_email_is_the_primary_verified_address()
    {
        fixture.GitHub.User = """{"login":"octocat","id":583231,"email":"boss@corp.example"}""";
        fixture.GitHub.Emails = """[{"email":"boss@corp.example","verified":false,"primary":true},{"email":"octo@corp.example","verified":true,"primary":false}]""";
        var (_, frame) = await SignInAsync("ghcorp");
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        var profile = (await FramePageContent.ReadAsync(frame)).Message.GetProperty("response").GetProperty("profile");
        Assert.Equal("octo@corp.example", profile.GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_profile_email_the_provider_has_not_verified_does_not_meet_the_domain_rule()
    {
        fixture.GitHub.User = """{"login":"mallory","id":666,"email":"boss@corp.example"}""";
        fixture.GitHub.Emails = """[{"email":"boss@corp.example","verified":false,"primary":true}]""";
        var (_, frame) = await SignInAsync("ghcorp");
        Assert.Equal(HttpStatusCode.Forbidden, frame.StatusCode);
        CookieAssert.NothingStored(frame, "ghcorp");
    }

    private async Task<(AppClient Client, HttpResponseMessage Frame)> SignInAsync(string provider = "gh")
    {
        var client = fixture.CreateAppClient();
        var start = await client.GetAsync($"/auth/{provider}/start");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];
        var frame = await client.GetAsync($"/auth/{provider}/handler/frame?code={fixture.GitHub.IssueCode()}&state={state}");
        return (client, frame);
    }
}
