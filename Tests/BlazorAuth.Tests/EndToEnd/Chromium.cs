using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>Debian's Chromium, headless: Playwright for .NET cannot download a browser here.</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>Opens <paramref name="url"/> and waits until the page's circuit has attached the sign-in module.</summary>
    public static async Task GotoReadyAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
    }
}
