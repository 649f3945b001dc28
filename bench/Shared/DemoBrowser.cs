using Microsoft.Playwright;

/// <summary>
/// Debian's Chromium, headless, and a person's steps against the app and its demo provider, for the bench's browser
/// drivers (BrowserTiming, CircuitMemory), which compile this file in.
/// </summary>
internal static class DemoBrowser
{
    /// <summary>Signed in and usable: the app bar names the user on a page whose circuit has attached the sign-in module.</summary>
    public const string SignedIn = "html[data-blazorauth-ready] [data-testid=user-name]";

    /// <summary>A page whose circuit has attached the sign-in module.</summary>
    public const string Ready = "html[data-blazorauth-ready]";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] moreArgs) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", .. moreArgs],
    });

    public static ILocator ContinueWithDemo(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Continue with Demo", Exact = true }).First;

    /// <summary>
    /// Types the user's name and password into the demo provider's form on <paramref name="provider"/> (the popup, or the
    /// tab itself in the redirect flow) and submits it. With <paramref name="giveConsent"/>, also allows the app when the
    /// provider asks (once per user), and returns once <paramref name="page"/> shows the user signed in.
    /// </summary>
    public static async Task SignInAtProviderAsync(IPage provider, IPage page, string user, string password, bool giveConsent)
    {
        var userName = provider.GetByLabel("User name");
        await userName.WaitForAsync(new() { Timeout = 60_000 });
        await userName.FillAsync(user);
        await provider.GetByLabel("Password").FillAsync(password);
        await provider.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (!giveConsent)
        {
            return;
        }

        var allow = provider.GetByRole(AriaRole.Button, new() { Name = "Allow" });
        var consent = allow.WaitForAsync(new() { Timeout = 60_000 });
        var signedIn = page.WaitForSelectorAsync(SignedIn, new() { Timeout = 60_000 });
        if (await Task.WhenAny(consent, signedIn) == consent && consent.IsCompletedSuccessfully)
        {
            await allow.ClickAsync();
        }

        _ = consent.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        await signedIn;
    }
}
