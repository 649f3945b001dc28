using BlazorAuth.Tests.Support;
using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// The library in a host of its own: a template-shaped Blazor Server app that adds BlazorAuth in three lines and signs
/// in through its own <c>AddOpenIdConnect</c> scheme, in a popup, in Chromium.
/// </summary>
public sealed class MinimalHostTests : IAsyncLifetime
{
    private MinimalHostRig _rig = null!;

    public async Task InitializeAsync() => _rig = await MinimalHostRig.StartAsync();

    [Fact]
    public async Task AddOpenIdConnect_signs_the_circuit_in_through_a_popup_without_a_reload_a_reload_keeps_it_and_sign_out_ends_it()
    {
        var page = await (await _rig.Browser.NewContextAsync()).NewPageAsync();
        await OpenAsync(page);
        await Assertions.Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.sameDocument = true");

        var popup = await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Continue with Demo" }).ClickAsync());
        Assert.StartsWith(_rig.Demo.DemoUrl + "/", popup.Url);
        await PopupSignInTests.SignInAtDemoAsync(popup, "alice", "wonderland");

        await Assertions.Expect(page.Locator("#signed-in")).ToHaveTextAsync("Signed in as Alice Liddell");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded to sign in");

        await OpenAsync(page);
        await Assertions.Expect(page.Locator("#signed-in")).ToHaveTextAsync("Signed in as Alice Liddell");

        var visited = await PopupSignInTests.SignOutThroughPopupAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }));
        await Assertions.Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        Assert.Contains(visited, url => url.StartsWith(_rig.Demo.DemoUrl + "/connect/logout", StringComparison.Ordinal));

        await OpenAsync(page);
        await Assertions.Expect(page.Locator("#signed-out")).ToBeVisibleAsync();

        // The routes live only under the host's prefix.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await http.GetAsync($"{_rig.Host.Origin}{MinimalHostProcess.RoutePrefix}/oidc/start")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"{_rig.Host.Origin}/auth/oidc/start")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_turns_a_protected_page_to_not_authorized_at_once_in_every_tab_and_in_app_links()
    {
        var context = await _rig.Browser.NewContextAsync();
        var home = await context.NewPageAsync();
        await OpenAsync(home);
        await PopupSignInTests.ContinueWithDemoAsync(home, "bob", "builder");
        await Assertions.Expect(home.Locator("#signed-in")).ToHaveTextAsync("Signed in as Bob Builder");

        var secret = await context.NewPageAsync();
        await Chromium.GotoReadyAsync(secret, _rig.Host.Origin + "/secret");
        await Assertions.Expect(secret.Locator("#secret")).ToBeVisibleAsync();
        await secret.EvaluateAsync("() => window.sameDocument = true");

        await PopupSignInTests.SignOutThroughPopupAsync(home, home.GetByRole(AriaRole.Button, new() { Name = "Sign out" }));
        await Assertions.Expect(secret.Locator("#not-authorized")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Assertions.Expect(secret.Locator("#secret")).ToHaveCountAsync(0);
        Assert.True(await secret.EvaluateAsync<bool>("() => window.sameDocument === true"), "the tab reloaded");

        // Followed inside the app, the protected page renders signed out too.
        await home.GetByRole(AriaRole.Link, new() { Name = "Secret" }).ClickAsync();
        await Assertions.Expect(home.Locator("#not-authorized")).ToBeVisibleAsync();
        await Assertions.Expect(home.Locator("#secret")).ToHaveCountAsync(0);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_protected_page_loaded_signed_out_comes_back_after_sign_in_with_nothing_but_the_library()
    {
        var page = await (await _rig.Browser.NewContextAsync()).NewPageAsync();
        await Chromium.GotoReadyAsync(page, _rig.Host.Origin + "/secret?tab=2");
        Assert.Equal(_rig.Host.Origin + "/?returnUrl=%2Fsecret%3Ftab%3D2", page.Url);
        await Assertions.Expect(page.Locator(".blazorauth-reason")).ToContainTextAsync("only for signed-in users");

        await PopupSignInTests.ContinueWithDemoAsync(page, "alice", "wonderland");
        await Assertions.Expect(page.Locator("#secret")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.Equal(_rig.Host.Origin + "/secret?tab=2", page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_statically_rendered_page_and_layout_sign_in_through_the_bridges_interactive_island()
    {
        var page = await (await _rig.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(_rig.Host.Origin + "/static");
        await Assertions.Expect(page.Locator("#static-signed-out")).ToBeVisibleAsync();

        // The layout is static here, so the bridge runs as an island: its circuit loads the browser's side.
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await PopupSignInTests.ContinueWithDemoAsync(page, "alice", "wonderland");

        // The static page shows the user once rendered again, which the island asks for.
        await Assertions.Expect(page.Locator("#static-signed-in")).ToHaveTextAsync("Signed in as Alice Liddell", new() { Timeout = 15_000 });
        await page.Context.CloseAsync();
    }

    private Task OpenAsync(IPage page) => Chromium.GotoReadyAsync(page, _rig.Host.Origin + "/");

    public async Task DisposeAsync() => await _rig.DisposeAsync();
}
