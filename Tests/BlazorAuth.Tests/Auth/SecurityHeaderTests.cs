using BlazorAuth.App;
using BlazorAuth.Auth;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Endpoints;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Auth;

/// <summary>Issue 4 item 6, the parts that hold today: headers on the app's pages, and none that would cut the popup's opener.</summary>
public sealed class SecurityHeaderTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task App_pages_keep_popup_openers_and_forbid_sniffing_framing_and_device_apis()
    {
        var page = await fixture.App.CreateAppClient().GetAsync("/");
        Assert.Equal("same-origin-allow-popups", page.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("camera=()", page.Headers.GetValues("Permissions-Policy").Single());
        Assert.Equal("strict-origin-when-cross-origin", page.Headers.GetValues("Referrer-Policy").Single());

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<script type=\"importmap\"", html);
    }

    [Fact]
    public async Task The_frame_page_has_no_opener_policy_and_keeps_its_own_referrer_policy()
    {
        var frame = await fixture.App.CreateAppClient().GetAsync("/auth/demo/handler/frame?error=x&state=y");
        Assert.False(frame.Headers.Contains("Cross-Origin-Opener-Policy"));
        Assert.Equal("no-referrer", frame.Headers.GetValues("Referrer-Policy").Single());
    }

    /// <summary>
    /// The app's auth routes skip its authentication, authorization and antiforgery (Program.cs short-circuits them at
    /// routing), but not the headers: routing runs after them.
    /// </summary>
    [Theory]
    [InlineData("/auth/demo/start")]
    [InlineData("/auth/demo/refresh")]
    [InlineData("/auth/nobody/start")]
    public async Task The_auth_routes_keep_the_apps_headers(string route)
    {
        var answer = await fixture.App.CreateAppClient().GetAsync(route);
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", answer.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("camera=()", answer.Headers.GetValues("Permissions-Policy").Single());
        Assert.False(answer.Headers.Contains("Cross-Origin-Opener-Policy"));
    }

    [Fact]
    public void Pages_may_frame_only_the_providers_that_renew_sessions_silently()
    {
        // Bound as the app binds them, so the preset's provider names its pages' origin as the app will see it.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:PublicOrigin"] = "https://app.example.com",
            ["Auth:Providers:quiet:Type"] = "oidc",
            ["Auth:Providers:quiet:Authority"] = "https://login.quiet.example/tenant",
            ["Auth:Providers:quiet:ClientId"] = "c",
            ["Auth:Providers:quiet:RenewWithoutRefreshToken"] = "true",
            ["Auth:Providers:loud:Type"] = "oidc",
            ["Auth:Providers:loud:Authority"] = "https://login.loud.example",
            ["Auth:Providers:loud:ClientId"] = "c",
            ["Auth:Providers:okta:Type"] = "okta",
            ["Auth:Providers:okta:Domain"] = "corp.okta.example",
            ["Auth:Providers:okta:ClientId"] = "c",
            ["Auth:Providers:okta:RenewWithoutRefreshToken"] = "true",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddBlazorAuthServices(configuration).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;

        var csp = SecurityHeaders.PageContentSecurityPolicy(options);
        Assert.Contains("frame-src 'self' https://corp.okta.example https://login.quiet.example;", csp);
        Assert.DoesNotContain("loud", csp);
    }
}
