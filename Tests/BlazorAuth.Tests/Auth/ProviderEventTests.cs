using System.Net;
using BlazorAuth.Auth.Events;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Tests.Auth;

/// <summary>The provider events an app sets in code, and the sign-in resolver.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class ProviderEventTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Fact]
    public async Task A_state_hook_that_says_no_aborts_before_any_token_exchange()
    {
        var seen = new List<StateReceivedContext>();
        Events.ForProvider("fake", e => e.OnStateReceived = context =>
        {
            seen.Add(context);
            return ValueTask.FromResult(false);
        });
        var started = await StartAsync();
        var calls = Provider.TokenCalls;

        var response = await CompleteAsync(started);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        CookieAssert.NothingStored(response, "fake");
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(response)).ErrorName);
        Assert.Equal(calls, Provider.TokenCalls);
        Assert.Equal(started.State, Assert.Single(seen).State);
        Assert.False(seen[0].IsErrorCallback);
    }

    [Fact]
    public async Task The_state_hook_also_sees_error_callbacks()
    {
        var seen = new List<StateReceivedContext>();
        Events.ForProvider("fake", e => e.OnStateReceived = context =>
        {
            seen.Add(context);
            return ValueTask.FromResult(true);
        });
        var started = await StartAsync();
        await CallbackAsync(started.Client, $"error=access_denied&state={started.State}&iss={Iss}");
        Assert.True(Assert.Single(seen).IsErrorCallback);
    }

    [Fact]
    public async Task A_resolver_refusal_is_a_clear_error_and_nothing_is_stored()
    {
        Events.ForProvider("fake", e => e.ResolveSignIn = _ => ValueTask.FromResult(SignInResolution.Refuse("Contractors use the other portal.")));
        var response = await CompleteAsync(await StartAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        CookieAssert.NothingStored(response, "fake");
        var page = await FramePageContent.ReadAsync(response);
        Assert.Equal("SignInRefused", page.ErrorName);
        Assert.Equal("Contractors use the other portal.", page.Message.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_resolver_can_map_the_profile_to_the_apps_user()
    {
        Events.ForProvider("fake", e => e.ResolveSignIn = c => ValueTask.FromResult(SignInResolution.Allow(c.Profile with { DisplayName = "Fake (staff)" })));
        var response = await CompleteAsync(await StartAsync());
        var profile = (await FramePageContent.ReadAsync(response)).Message.GetProperty("response").GetProperty("profile");
        Assert.Equal("Fake (staff)", profile.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task The_resolver_runs_again_on_refresh_and_a_refusal_ends_the_session()
    {
        var refreshes = new List<bool>();
        Events.ForProvider("fake", e => e.ResolveSignIn = c =>
        {
            refreshes.Add(c.IsRefresh);
            return ValueTask.FromResult(c.IsRefresh ? SignInResolution.Refuse("Access was withdrawn.") : SignInResolution.Allow(c.Profile));
        });
        var client = await SignedInDueAsync();

        var response = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(response, "__Host-fake-session")!));
        Assert.Equal([false, true], refreshes);
    }

    [Fact]
    public async Task An_after_callback_hook_can_replace_the_answer_and_the_session_stays()
    {
        Events.ForProvider("fake", e => e.OnAfterCallback = context =>
        {
            context.Response = Results.Text("welcome " + context.Profile.Subject);
            return ValueTask.CompletedTask;
        });
        var started = await StartAsync();
        var response = await CompleteAsync(started);

        Assert.Equal("welcome user-1", await response.Content.ReadAsStringAsync());
        Assert.Contains(started.Client.Jar.Cookies.Keys, k => k.StartsWith("__Host-fake-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_allowed_email_domains_refuse_everyone_else()
    {
        var started = await StartAsync("corp");
        var response = await CallbackAsync(started.Client, $"code=c-corp&state={started.State}&iss={Iss}", "corp");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        CookieAssert.NothingStored(response, "corp");
        Assert.Equal(SignInResolver.DomainRefusal, (await FramePageContent.ReadAsync(response)).Message.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("boss@corp.example", false, "unverified")]
    [InlineData("x@evilcorp.example", true, "look-alike domain")]
    [InlineData("x@corp.example.evil.example", true, "suffixed domain")]
    [InlineData("x@sub.corp.example", true, "subdomain")]
    public async Task Allowed_email_domains_count_only_a_verified_address_in_exactly_that_domain(string email, bool verified, string why)
    {
        SetEmail(email, verified);
        var started = await StartAsync("corp");
        var response = await CallbackAsync(started.Client, $"code=c-corp&state={started.State}&iss={Iss}", "corp");
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, why);
        CookieAssert.NothingStored(response, "corp");
    }

    [Fact]
    public async Task A_verified_address_in_an_allowed_domain_signs_in_and_the_rule_holds_again_on_refresh()
    {
        SetEmail("boss@corp.example", verified: true);
        Provider.AccessTokenLifetime = TimeSpan.Zero;
        var started = await StartAsync("corp");
        var frame = await CallbackAsync(started.Client, $"code=c-corp&state={started.State}&iss={Iss}", "corp");
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await started.Client.AppCallAsync(HttpMethod.Post, "/auth/corp/refresh")).StatusCode);

        // The provider now says the address is someone else's, unverified: the session ends at the next refresh.
        SetEmail("boss@corp.example", verified: false);
        var refused = await started.Client.AppCallAsync(HttpMethod.Post, "/auth/corp/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain(started.Client.Jar.Cookies.Keys, k => k.StartsWith("__Host-corp-session", StringComparison.Ordinal));
    }

    private void SetEmail(string email, bool verified)
    {
        Provider.IdTokenClaims = claims =>
        {
            claims["email"] = email;
            claims["email_verified"] = verified;
        };
        Provider.UserInfoClaims = claims =>
        {
            claims["email"] = email;
            claims["email_verified"] = verified;
        };
    }
}
