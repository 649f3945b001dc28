using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// The README's screenshots, taken from the running app on every run of the suite, so they always show what the code
/// does today. They are written to the repository's docs/ folder (beside the test output when run from elsewhere).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadmeScreenshotTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_readme_screenshots_are_taken_from_the_running_app()
    {
        var docs = DocsFolder();
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 720 },
            ColorScheme = ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        await fixture.GotoAsync(page);
        await page.Mouse.MoveAsync(0, 700);
        await Shoot(page, docs, "signed-out.png");

        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await popup.GetByLabel("User name").WaitForAsync();
        await popup.SetViewportSizeAsync(480, 600);
        await Shoot(popup, docs, "popup.png");
        await SignInAtDemoAsync(popup, "alice", "wonderland");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        await page.Mouse.MoveAsync(0, 700);
        await Shoot(page, docs, "signed-in.png");

        await fixture.GotoAsync(page, "/account");
        await Assertions.Expect(page.GetByTestId("sessions")).ToBeVisibleAsync();
        await Shoot(page, docs, "account.png", fullPage: true);

        await fixture.GotoAsync(page, "/providers");
        await Assertions.Expect(page.Locator("[data-provider=demo] .provider-status .mud-chip")).ToBeVisibleAsync();
        await Shoot(page, docs, "providers.png", fullPage: true);

        await fixture.GotoAsync(page, "/account");
        await Assertions.Expect(page.GetByTestId("sessions")).ToBeVisibleAsync();
        await PageStates.UseColourSchemeAsync(page, ColorScheme.Dark);
        await Shoot(page, docs, "dark.png");

        await page.SetViewportSizeAsync(390, 844);
        await PageStates.UseColourSchemeAsync(page, ColorScheme.Light);
        await fixture.GotoAsync(page, "/");
        await Shoot(page, docs, "phone.png");
        await context.CloseAsync();

        foreach (var name in (string[])["signed-out.png", "popup.png", "signed-in.png", "account.png", "providers.png", "dark.png", "phone.png"])
        {
            Assert.True(new FileInfo(Path.Combine(docs, name)).Length > 5_000, $"{name} is nearly empty");
        }
    }

    private static async Task Shoot(IPage page, string folder, string name, bool fullPage = false)
    {
        // Let transitions (a theme change, a ripple) finish before the picture.
        await page.WaitForTimeoutAsync(400);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
    }

    private static string DocsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BlazorAuth.sln")))
            {
                return Path.Combine(directory.FullName, "docs");
            }
        }

        return AppContext.BaseDirectory;
    }
}
