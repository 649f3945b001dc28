using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>An address the app does not have shows the app's own page, whether loaded directly or followed from a link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotFoundPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_unknown_address_shows_the_apps_not_found_page_loaded_directly_with_404_and_followed_from_a_link()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(fixture.App.AppOrigin + "/no/such/page");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go home" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("Not found · BlazorAuth");

        // Inside the running app a link to an unknown address changes the page without a reload.
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Go home" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(fixture.App.AppOrigin + "/");
        await page.EvaluateAsync("() => { window.__notReloaded = true; Blazor.navigateTo('/another/unknown/page'); }");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");
        await context.CloseAsync();
    }
}
