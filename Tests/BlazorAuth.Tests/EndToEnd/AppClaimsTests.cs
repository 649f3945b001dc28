using BlazorAuth.Tests.Support;
using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// What an app makes of the user in the template-shaped host (Tests/MinimalHost): the provider's roles authorize a page,
/// and a claim the app's own <c>OnTokenValidated</c> added is still there after renewals (each a refresh at the provider
/// with a new id_token) and after a reload, in Chromium.
/// </summary>
public sealed class AppClaimsTests : IAsyncLifetime
{
    // Short-lived access tokens, so that the circuit renews within seconds (in the last quarter of a token's life).
    private static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(4);

    private MinimalHostRig _rig = null!;

    public async Task InitializeAsync() =>
        _rig = await MinimalHostRig.StartAsync(new Dictionary<string, string> { ["DemoIdentityProvider:AccessTokenLifetime"] = AccessTokenLifetime.ToString() });

    [Fact]
    public async Task The_providers_roles_authorize_and_the_apps_own_claim_outlives_renewals_and_a_reload()
    {
        var page = await (await _rig.Browser.NewContextAsync()).NewPageAsync();
        await Chromium.GotoReadyAsync(page, _rig.Host.Origin + "/editors");
        await PopupSignInTests.ContinueWithDemoAsync(page, "alice", "wonderland");
        await Assertions.Expect(page.Locator("#editors")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await Chromium.GotoReadyAsync(page, _rig.Host.Origin + "/");
        await Assertions.Expect(page.Locator("#tenant")).ToHaveTextAsync("Tenant: wonderland");

        // Two renewals at the provider, each answering a new id_token without the app's claim; the circuit's user keeps it.
        // The circuit renews on the server: the host's log of its provider client counts the refresh-token calls (the
        // sign-in's code exchange goes through the handler's own client, which logs nothing).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (TokenCalls() < 2 && DateTime.UtcNow < deadline)
        {
            await page.WaitForTimeoutAsync(200);
        }

        Assert.True(TokenCalls() >= 2, $"the circuit renewed {TokenCalls()} times; the host said:\n{_rig.Host.Output}");
        await Assertions.Expect(page.Locator("#tenant")).ToHaveTextAsync("Tenant: wonderland");
        await Assertions.Expect(page.Locator("#signed-in")).ToHaveTextAsync("Signed in as Alice Liddell");

        await Chromium.GotoReadyAsync(page, _rig.Host.Origin + "/editors");
        await Assertions.Expect(page.Locator("#editors")).ToBeVisibleAsync();
        await Chromium.GotoReadyAsync(page, _rig.Host.Origin + "/");
        await Assertions.Expect(page.Locator("#tenant")).ToHaveTextAsync("Tenant: wonderland");
        await page.Context.CloseAsync();
    }

    private int TokenCalls() =>
        _rig.Host.Output.Split('\n').Count(line => line.Contains($"Start processing HTTP request POST {_rig.Demo.DemoUrl}/connect/token", StringComparison.Ordinal));

    [Fact]
    public async Task A_user_the_provider_gives_another_role_is_told_the_page_is_not_for_their_account()
    {
        var page = await (await _rig.Browser.NewContextAsync()).NewPageAsync();
        await Chromium.GotoReadyAsync(page, _rig.Host.Origin + "/");
        await PopupSignInTests.ContinueWithDemoAsync(page, "bob", "builder");
        await Assertions.Expect(page.Locator("#signed-in")).ToHaveTextAsync("Signed in as Bob Builder", new() { Timeout = 15_000 });

        // In the app, AuthorizeRouteView's NotAuthorized content says it; loaded directly, the library's 403 says it.
        await page.EvaluateAsync("() => Blazor.navigateTo('/editors')");
        await Assertions.Expect(page.Locator("#forbidden")).ToHaveTextAsync("Your account may not see this page.");
        await Assertions.Expect(page.Locator("#editors")).ToHaveCountAsync(0);

        var loaded = await page.GotoAsync(_rig.Host.Origin + "/editors");
        Assert.Equal(403, loaded!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not for your account" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Your account may not see this page.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#editors")).ToHaveCountAsync(0);

        // A call that is not a page load, with the same cookies, gets the status alone.
        var call = await page.Context.APIRequest.GetAsync(_rig.Host.Origin + "/editors", new() { Headers = new Dictionary<string, string> { ["Accept"] = "application/json" } });
        Assert.Equal(403, call.Status);
        Assert.Empty(await call.BodyAsync());
        await page.Context.CloseAsync();
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();
}
