using System.Net;
using System.Text.Json;
using System.Web;
using BlazorAuth.Auth.Events;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>The <c>centralauth</c> type against a faithful fake of docs/providers.md, "CentralAuth", through the same four routes.</summary>
public sealed class CentralAuthProviderTests : IClassFixture<FakeCentralAuthFixture>
{
    private readonly FakeCentralAuthFixture _fixture;
    private readonly HttpClient _browserAtCentralAuth = new(new HttpClientHandler { AllowAutoRedirect = false });

    public CentralAuthProviderTests(FakeCentralAuthFixture fixture)
    {
        _fixture = fixture;
        CentralAuth.LoginError = null;
        CentralAuth.TokenMutator = null;
        CentralAuth.User = FakeCentralAuth.DefaultUser;
    }

    private FakeCentralAuth CentralAuth => _fixture.CentralAuth;

    [Fact]
    public async Task Start_sends_the_login_page_client_redirect_state_and_pkce_and_nothing_oidc()
    {
        var start = await _fixture.CreateAppClient().GetAsync("/auth/ca/start");
        var location = start.Headers.Location!;
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.StartsWith(CentralAuth.Url + "/login?", location.AbsoluteUri);
        Assert.Equal(FakeCentralAuth.ClientId, query["client_id"]);
        Assert.Equal(FakeCentralAuthFixture.AppOrigin + "/auth/ca/handler/frame", query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Null(query["nonce"]);
        Assert.Null(query["scope"]);
    }

    [Fact]
    public async Task A_sign_in_verifies_with_basic_auth_and_pkce_and_takes_the_user_from_userinfo()
    {
        var (client, frame) = await SignInAsync();
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        var profile = (await FramePageContent.ReadAsync(frame)).Message.GetProperty("response").GetProperty("profile");
        Assert.Equal("carol@central.example", profile.GetProperty("email").GetString());
        Assert.Equal("https://gravatar.example.test/avatar/1", profile.GetProperty("picture").GetString());
        Assert.Contains(client.Jar.Cookies.Keys, k => k.StartsWith("__Host-ca-session", StringComparison.Ordinal));

        var verify = CentralAuth.VerifyRequests.Last();
        Assert.StartsWith("Basic ", verify["authorization"]);
        Assert.False(verify.ContainsKey("grant_type"));
        Assert.Equal(FakeCentralAuthFixture.AppOrigin + "/auth/ca/handler/frame", verify["redirect_uri"]);
        Assert.Contains(FakeCentralAuthFixture.AppOrigin, CentralAuth.UserInfoDomains);
    }

    [Theory]
    [InlineData("noPermission", false, "do not have permission")]
    [InlineData("sessionExpired", true, "session has ended")]
    [InlineData("domainInvalid", false, "allowed domains")]
    [InlineData("tooManyRequests", true, "Too many sign-in attempts")]
    [InlineData("passkeyWrongOrganization", false, "passkey")]
    [InlineData("captchaInvalid", false, "captcha")]
    [InlineData("stateInvalid", true, "expired or was tampered with")]
    [InlineData("genericError", false, "CentralAuth could not sign you in")]
    [InlineData("<script>alert(1)</script>", false, "CentralAuth could not sign you in")]
    public async Task Each_error_code_on_the_callback_is_a_specific_message_and_nothing_is_stored(string code, bool legacy, string message)
    {
        CentralAuth.LoginError = (code, legacy);
        var verifies = CentralAuth.VerifyRequests.Count;
        var (_, frame) = await SignInAsync();

        Assert.InRange((int)frame.StatusCode, 400, 503);
        CookieAssert.NothingStored(frame, "ca");
        var page = await FramePageContent.ReadAsync(frame);
        Assert.Contains(message, page.Message.GetProperty("error").GetProperty("message").GetString());
        Assert.DoesNotContain("<script>alert", page.Html);
        Assert.Equal(verifies, CentralAuth.VerifyRequests.Count);
    }

    public static TheoryData<string, bool> AllErrorCodes()
    {
        var data = new TheoryData<string, bool>();
        foreach (var code in new[]
        {
            "genericError", "noPermission", "tooManyRequests", "missingFields", "sessionMissing", "sessionNotVerified", "sessionExpired",
            "sessionInactive", "sessionInvalid", "domainInvalid", "loginAttemptMissing", "loginAttemptExpired", "loginAttemptInvalid",
            "passkeyDataMissing", "passkeyDataExpired", "passkeyDataInvalid", "passkeyWrongOrganization", "callbackUrlInvalid",
            "connectionMissing", "organizationIdMissing", "callbackUrlMissing", "tokenMissing", "tokenInvalid", "stateMissing",
            "stateInvalid", "codeChallengeMissing", "codeChallengeInvalid", "captchaInvalid", "entityMissing", "entityInvalid", "secretMissing",
        })
        {
            data.Add(code, code.Length % 2 == 0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllErrorCodes))]
    public async Task Every_documented_error_code_gets_a_message_of_its_own_never_the_raw_code(string code, bool legacy)
    {
        CentralAuth.LoginError = (code, legacy);
        var (_, frame) = await SignInAsync();
        Assert.InRange((int)frame.StatusCode, 400, 502);
        CookieAssert.NothingStored(frame, "ca");
        var message = (await FramePageContent.ReadAsync(frame)).Message.GetProperty("error").GetProperty("message").GetString();
        Assert.DoesNotContain(code, message);
        Assert.DoesNotContain("Something went wrong", message);
    }

    [Fact]
    public async Task A_state_hook_that_says_no_aborts_before_the_code_is_verified()
    {
        var events = _fixture.App.Services.GetRequiredService<IOptions<AuthEventsOptions>>().Value;
        events.ForProvider("ca", e => e.OnStateReceived = _ => ValueTask.FromResult(false));
        try
        {
            var verifies = CentralAuth.VerifyRequests.Count;
            var (_, frame) = await SignInAsync();
            Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
            Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(frame)).ErrorName);
            Assert.Equal(verifies, CentralAuth.VerifyRequests.Count);
        }
        finally
        {
            events.ForProvider("ca", e => e.OnStateReceived = new AuthProviderEvents().OnStateReceived);
        }
    }

    [Fact]
    public async Task A_code_centralauth_no_longer_knows_is_a_clear_error_and_nothing_is_stored()
    {
        var client = _fixture.CreateAppClient();
        var start = await client.GetAsync("/auth/ca/start");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];
        var frame = await client.GetAsync($"/auth/ca/handler/frame?code=never-issued&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        CookieAssert.NothingStored(frame, "ca");
        Assert.Contains("expired or was already used", (await FramePageContent.ReadAsync(frame)).Message.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Tokens_naming_different_sessions_are_rejected()
    {
        var swap = 0;
        CentralAuth.TokenMutator = token => Interlocked.Increment(ref swap) % 2 == 0
            ? FakeCentralAuth.Encrypt(new { sessionId = "another-session", user = FakeCentralAuth.DefaultUser })
            : token;
        var (_, frame) = await SignInAsync();
        Assert.Equal(HttpStatusCode.BadGateway, frame.StatusCode);
        CookieAssert.NothingStored(frame, "ca");
    }

    [Fact]
    public async Task With_user_from_id_token_the_user_comes_from_the_decrypted_token_without_a_userinfo_call()
    {
        await using var app = _fixture.App.WithWebHostBuilder(builder => builder.UseSetting("Auth:Providers:ca:UserFromIdToken", "true"));
        var client = new AppClient(app.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(FakeCentralAuthFixture.AppOrigin),
        }));
        var userInfoCalls = CentralAuth.UserInfoDomains.Count;

        var start = await client.GetAsync("/auth/ca/start");
        var login = await _browserAtCentralAuth.GetAsync(start.Headers.Location);
        var frame = await client.GetAsync(login.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal("carol@central.example", (await FramePageContent.ReadAsync(frame)).Message
            .GetProperty("response").GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal(userInfoCalls, CentralAuth.UserInfoDomains.Count);
    }

    public static TheoryData<string> JweFaults =>
        ["key wrap", "other enc", "other enc with the right key", "other enc of the same size with the right key", "tampered tag", "other secret", "compressed", "oversized", "not a jwe"];

    [Theory]
    [MemberData(nameof(JweFaults))]
    public async Task A_token_that_is_not_our_jwe_is_rejected_and_nothing_is_stored(string fault)
    {
        CentralAuth.TokenMutator = token => fault switch
        {
            "key wrap" => FakeCentralAuth.Encrypt(new { sessionId = "s" }, secret: new string('k', 32), algorithm: "A256KW"),
            "other enc" => FakeCentralAuth.Encrypt(new { sessionId = "s" }, secret: new string('k', 32), encryption: "A128CBC-HS256"),
            "other enc with the right key" => FakeCentralAuth.Encrypt(new { sessionId = "s" }, encryption: "A128CBC-HS256"),
            "other enc of the same size with the right key" => FakeCentralAuth.Encrypt(new { sessionId = "s" }, encryption: "A192CBC-HS384"),
            "tampered tag" => token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1],
            "other secret" => FakeCentralAuth.Encrypt(new { sessionId = "s" }, secret: new string('x', 64)),
            "compressed" => FakeCentralAuth.Encrypt(new { sessionId = "s" }, compression: "DEF"),
            "oversized" => FakeCentralAuth.Encrypt(new { sessionId = "s", pad = new string('p', 20_000) }),
            _ => "eyJhbGciOiJub25lIn0.eyJzZXNzaW9uSWQiOiJzIn0.",
        };
        var (_, frame) = await SignInAsync();

        Assert.Equal(HttpStatusCode.BadGateway, frame.StatusCode);
        CookieAssert.NothingStored(frame, "ca");
        Assert.Equal("InvalidIdToken", (await FramePageContent.ReadAsync(frame)).ErrorName);
    }

    [Fact]
    public async Task A_blocked_user_is_refused()
    {
        CentralAuth.User = new { id = "blocked-1", email = "b@central.example", blocked = true };
        var (_, frame) = await SignInAsync();
        Assert.Equal(HttpStatusCode.Forbidden, frame.StatusCode);
        CookieAssert.NothingStored(frame, "ca");
    }

    [Fact]
    public async Task Refresh_asks_userinfo_again_and_an_expired_session_is_401_with_the_cookie_cleared()
    {
        var (client, _) = await SignInAsync();
        var refresh = await client.AppCallAsync(HttpMethod.Post, "/auth/ca/refresh");
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        using (var body = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync()))
        {
            Assert.InRange(body.RootElement.GetProperty("providerInfo").GetProperty("expiresInSeconds").GetInt32(), 3500, 3600);
        }

        CentralAuth.EndAllSessions();
        var ended = await client.AppCallAsync(HttpMethod.Post, "/auth/ca/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(ended, "__Host-ca-session")!));
    }

    [Fact]
    public async Task Logout_ends_the_session_at_centralauth()
    {
        var (client, _) = await SignInAsync();
        var stolen = _fixture.CreateAppClient();
        client.Jar.CopyTo(stolen.Jar);

        var before = CentralAuth.LogoutCalls;
        var logout = await client.AppCallAsync(HttpMethod.Post, "/auth/ca/logout");
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(before + 1, CentralAuth.LogoutCalls);
        foreach (var cookie in CookieJar.SetCookies(logout))
        {
            Assert.True(CookieAssert.IsDeletion(cookie));
        }

        Assert.Contains(stolen.Jar.Cookies.Keys, k => k.StartsWith("__Host-ca-session", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await stolen.AppCallAsync(HttpMethod.Post, "/auth/ca/refresh")).StatusCode);
    }

    private async Task<(AppClient Client, HttpResponseMessage Frame)> SignInAsync()
    {
        var client = _fixture.CreateAppClient();
        var start = await client.GetAsync("/auth/ca/start");
        var login = await _browserAtCentralAuth.GetAsync(start.Headers.Location);
        var callback = login.Headers.Location!;
        return (client, await client.GetAsync(callback.PathAndQuery));
    }
}
