using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>The sign-in buttons as a person meets them: the provider's logo or initial, its name, the last one used first.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProviderButtonTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Buttons_show_the_providers_logo_or_initial_and_the_provider_used_last_comes_first_also_after_a_reload()
    {
        var page = await fixture.OpenAppAsync();
        var appBar = page.Locator(".user-menu-slot [data-blazorauth-signin]");
        var demo = page.Locator(".user-menu-slot [data-blazorauth-signin=demo]");
        await Expect(demo).ToHaveAccessibleNameAsync("Continue with Demo");

        // Demo is not first until this browser has used it (the settings list it after the test's own providers).
        await Expect(appBar.First).Not.ToHaveAccessibleNameAsync("Continue with Demo");

        // The demo provider's logo is an image the browser loaded; a provider without one shows its initial.
        var logo = demo.Locator("[data-testid=provider-mark] img");
        await Expect(logo).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await logo.ElementHandleAsync());
        await Expect(page.Locator(".user-menu-slot [data-blazorauth-signin=framework] [data-testid=provider-mark]")).ToHaveTextAsync("A");

        var popup = await page.RunAndWaitForPopupAsync(() => demo.ClickAsync());
        await SignInAtDemoAsync(popup, "alice", "wonderland");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        await SignOutFromMenuAsync(page);

        await Expect(appBar.First).ToHaveAccessibleNameAsync("Continue with Demo", new() { Timeout = 10_000 });
        await fixture.GotoAsync(page);
        await Expect(appBar.First).ToHaveAccessibleNameAsync("Continue with Demo");
        await page.Context.CloseAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
