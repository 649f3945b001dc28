using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>A protected page asked for while signed out: the page says why, and after sign-in the user is on that page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReturnToPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_protected_page_loaded_signed_out_sends_to_sign_in_with_the_reason_and_sign_in_returns_to_it()
    {
        var page = await fixture.OpenAppAsync();
        await fixture.GotoAsync(page, "/account?from=bookmark");
        Assert.EndsWith("/?returnUrl=%2Faccount%3Ffrom%3Dbookmark", page.Url);
        await Expect(page.GetByTestId("sign-in-reason")).ToContainTextAsync("only for signed-in users");

        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync()), "alice", "wonderland");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.EndsWith("/account?from=bookmark", page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_protected_page_reached_inside_the_app_offers_sign_in_in_place_and_shows_the_page_without_a_reload()
    {
        var page = await fixture.OpenAppAsync();
        await page.EvaluateAsync("() => window.__notReloaded = true");
        await page.EvaluateAsync("() => Blazor.navigateTo('/account')");
        await Expect(page.GetByTestId("sign-in-required")).ToContainTextAsync("only for signed-in users");
        Assert.EndsWith("/account", page.Url);

        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => page.GetByTestId("sign-in-required").GetByRole(AriaRole.Button, new() { Name = "Continue with Demo" }).ClickAsync()), "alice", "wonderland");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.EndsWith("/account", page.Url);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");
        await page.Context.CloseAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
