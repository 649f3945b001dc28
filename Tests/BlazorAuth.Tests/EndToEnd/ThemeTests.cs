using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>Light and dark themes: following the system until the user chooses, remembered, and on the demo provider's pages too.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ThemeTests(BrowserFixture fixture)
{
    private const string Light = "rgb(246, 244, 250)";
    private const string Dark = "rgb(18, 16, 23)";

    [Fact]
    public async Task The_app_follows_the_systems_theme_until_the_user_chooses_one()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Light });
        var page = await context.NewPageAsync();
        await fixture.GotoAsync(page);
        await ExpectBackgroundAsync(page, Light);

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await ExpectBackgroundAsync(page, Dark);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "home-dark.png") });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "home-dark-phone.png") });
        await page.SetViewportSizeAsync(1280, 720);

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await ExpectBackgroundAsync(page, Light);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_chosen_theme_is_remembered_across_a_reload_and_the_demo_providers_pages_follow_it()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Dark });
        var page = await context.NewPageAsync();
        await fixture.GotoAsync(page);
        await ExpectBackgroundAsync(page, Dark);

        var toggle = page.GetByTestId("theme-toggle");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", "Use the light theme");
        await toggle.ClickAsync();
        await ExpectBackgroundAsync(page, Light);
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", "Use the dark theme");

        // Rendered light from the first byte after a reload, though the system is dark.
        var response = await page.GotoAsync(fixture.App.AppOrigin + "/");
        Assert.Contains("blazorauth-theme", string.Join(";", (await context.CookiesAsync()).Select(c => c.Name)));
        await ExpectBackgroundAsync(page, Light);
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await ExpectBackgroundAsync(page, Light);

        // Cookies belong to a host, whatever its port: with `dotnet run` the app and the demo provider are both on
        // localhost, so the provider's pages get the app's cookie. Here the provider listens on 127.0.0.1, so the test
        // hands it the cookie the app wrote.
        await ShareThemeWithTheDemoProviderAsync(context);
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await popup.WaitForLoadStateAsync();
        Assert.Equal("light", await popup.EvaluateAsync<string>("() => document.documentElement.className"));
        Assert.Equal("rgb(243, 240, 247)", await popup.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));

        // Chosen dark, the provider's page is dark too.
        await popup.CloseAsync();
        await toggle.ClickAsync();
        await ExpectBackgroundAsync(page, Dark);
        await ShareThemeWithTheDemoProviderAsync(context);
        popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await popup.WaitForLoadStateAsync();
        Assert.Equal("rgb(18, 16, 23)", await popup.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await popup.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "demo-login-dark.png") });
        await context.CloseAsync();
    }

    private async Task ShareThemeWithTheDemoProviderAsync(IBrowserContext context)
    {
        var chosen = (await context.CookiesAsync([fixture.App.AppOrigin])).Single(c => c.Name == "blazorauth-theme");
        await context.AddCookiesAsync([new Cookie { Name = chosen.Name, Value = chosen.Value, Url = fixture.App.DemoUrl }]);
    }

    private static async Task ExpectBackgroundAsync(IPage page, string colour)
    {
        for (var wait = 0; wait < 100; wait++)
        {
            if (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor") == colour)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Equal(colour, await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
    }
}
