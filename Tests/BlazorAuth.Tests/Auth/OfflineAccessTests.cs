using System.Net;
using System.Web;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// Providers that withhold refresh tokens: the app asks for consent where OIDC Core makes a refresh token depend on
/// it, takes the operator's own authorize parameters, and a session with no refresh token ends when its access
/// token does.
/// </summary>
[Collection(FakeProviderCollection.Name)]
public sealed class OfflineAccessTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Theory]
    [InlineData("openid profile email offline_access", null, null, "consent")]
    [InlineData("openid profile email", null, null, null)]
    [InlineData("openid profile email offline_access", "false", null, null)]
    [InlineData("openid profile email offline_access", null, "select_account", "select_account")]
    public async Task Offline_access_asks_for_consent_unless_configured_otherwise(string scopes, string? consentSetting, string? configuredPrompt, string? expected)
    {
        await using var app = new FakeProviderAppFactory(Provider, builder =>
        {
            builder.UseSetting("Auth:Providers:fake:Scopes", scopes);
            if (consentSetting is not null)
            {
                builder.UseSetting("Auth:Providers:fake:PromptConsentForOfflineAccess", consentSetting);
            }

            if (configuredPrompt is not null)
            {
                builder.UseSetting("Auth:Providers:fake:AuthorizeParameters:prompt", configuredPrompt);
            }

            builder.UseSetting("Auth:Providers:fake:AuthorizeParameters:acr_values", "urn:mace:incommon:iap:silver");
        });

        var start = await app.CreateAppClient().GetAsync("/auth/fake/start");
        var query = HttpUtility.ParseQueryString(start.Headers.Location!.Query);
        Assert.Equal(expected, query["prompt"]);
        Assert.InRange(query.GetValues("prompt")?.Length ?? 0, 0, 1);
        Assert.Equal("urn:mace:incommon:iap:silver", query["acr_values"]);

        // "Use another account" asks for its own prompt, which replaces the configured one.
        var another = HttpUtility.ParseQueryString((await app.CreateAppClient().GetAsync("/auth/fake/start?prompt=login")).Headers.Location!.Query);
        Assert.Equal(["login"], another.GetValues("prompt") ?? []);
    }

    [Theory]
    [InlineData("state")]
    [InlineData("redirect_uri")]
    [InlineData("bad name")]
    public void The_protocols_own_parameters_cannot_be_configured(string name)
    {
        var errors = StartupValidation.ErrorsFor(new Dictionary<string, string?>
        {
            ["Auth:PublicOrigin"] = "https://app.example.com",
            ["Auth:Providers:p:Type"] = "oidc",
            ["Auth:Providers:p:Authority"] = "https://idp.example.com",
            ["Auth:Providers:p:ClientId"] = "c",
            [$"Auth:Providers:p:AuthorizeParameters:{name}"] = "x",
        });
        Assert.Contains($"AuthorizeParameters:{name} cannot be set", errors);
    }

    [Fact]
    public async Task A_session_without_a_refresh_token_ends_when_its_access_token_does()
    {
        Provider.IssueRefreshTokens = false;
        Provider.AccessTokenLifetime = TimeSpan.FromSeconds(2);
        var client = await SignedInAsync();

        var early = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("\"expiresInSeconds\":", await early.Content.ReadAsStringAsync());

        // The provider still answers userinfo for the expired token, as lenient ones do: the session ends all the same.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var late = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Contains("\"SessionEnded\"", await late.Content.ReadAsStringAsync());
        Assert.DoesNotContain(client.Jar.Cookies.Keys, k => k.StartsWith("__Host-fake-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silent_renewal_asks_for_no_prompt_and_answers_the_framing_page_only()
    {
        var started = await StartAsync(query: "?flow=silent");
        Assert.Equal(["none"], HttpUtility.ParseQueryString(started.Location.Query).GetValues("prompt") ?? []);

        var frame = await CompleteAsync(started);
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        var csp = string.Join(";", frame.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self'", csp);
        var page = await FramePageContent.ReadAsync(frame);
        Assert.Contains("window.parent.postMessage(m,o)", page.Script);
        Assert.DoesNotContain("window.opener", page.Script);
        Assert.NotNull(page.Ticket);
    }

    [Fact]
    public async Task A_silent_renewal_the_provider_refuses_answers_the_framing_page_with_the_error()
    {
        var started = await StartAsync(query: "?flow=silent");
        var frame = await CallbackAsync(started.Client, $"error=login_required&state={started.State}&iss={Iss}");
        var page = await FramePageContent.ReadAsync(frame);
        Assert.Equal("ProviderError", page.ErrorName);
        Assert.Contains("window.parent.postMessage(m,o)", page.Script);
        CookieAssert.NothingStored(frame, "fake");
    }

    [Fact]
    public async Task A_silent_renewal_of_the_same_user_goes_on_with_the_same_session_so_no_page_sees_it_end()
    {
        Provider.IssueRefreshTokens = false;
        var started = await StartAsync();
        var before = await SessionOfAsync(await CompleteAsync(started));

        var renewal = await StartAsync(query: "?flow=silent", client: started.Client);
        var after = await SessionOfAsync(await CompleteAsync(renewal));

        Assert.Equal(before, after);
        Assert.True(await App.Services.GetRequiredService<SessionRegistry>().IsLiveAsync(before, default));
        Assert.Equal(HttpStatusCode.OK, (await started.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_silent_renewal_that_signs_in_someone_else_starts_a_new_session_and_ends_the_old_one()
    {
        Provider.IssueRefreshTokens = false;
        var started = await StartAsync();
        var before = await SessionOfAsync(await CompleteAsync(started));

        Provider.IdTokenClaims = claims => claims["sub"] = "user-2";
        Provider.UserInfoSubject = "user-2";
        var renewal = await StartAsync(query: "?flow=silent", client: started.Client);
        var after = await SessionOfAsync(await CompleteAsync(renewal));

        Assert.NotEqual(before, after);
        Assert.False(await App.Services.GetRequiredService<SessionRegistry>().IsLiveAsync(before, default));
    }

    private async Task<string> SessionOfAsync(HttpResponseMessage frame)
    {
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        var ticket = (await FramePageContent.ReadAsync(frame)).Ticket;
        return (await App.Services.GetRequiredService<SessionTicketService>().RedeemAsync(ticket, default))!.SessionId;
    }
}
