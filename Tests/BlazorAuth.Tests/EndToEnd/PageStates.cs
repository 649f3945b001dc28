using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// Every page a person sees, signed out and signed in, in the app and at the demo provider, for the tests that must
/// look at all of them (accessibility, layout). Each state is visited in turn in one browser profile, and
/// <c>visit</c> is called with the page showing it.
/// </summary>
internal sealed class PageStates(BrowserFixture fixture)
{
    public async Task VisitAllAsync(Func<string, IPage, Task> visit)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            ColorScheme = ColorScheme.Light,
        });
        try
        {
            var page = await context.NewPageAsync();
            foreach (var path in (string[])["/", "/account", "/no/such/page"])
            {
                await fixture.GotoAsync(page, path);
                await visit($"signed out {path}", page);
            }

            // A sign-in whose window the user closed: the message, with Try again and the details.
            await fixture.GotoAsync(page, "/");
            var abandoned = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
            await abandoned.GetByLabel("User name").WaitForAsync();
            await abandoned.CloseAsync();
            await page.GetByTestId("sign-in-message").WaitForAsync(new() { Timeout = 15_000 });
            await visit("signed out / with a sign-in message", page);

            // The demo provider's pages, as the popup shows them; the user's earlier grant is withdrawn so that
            // the provider asks for consent again. Meanwhile the page says the sign-in window is open.
            await fixture.WithdrawGrantsAsync("alice");
            var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
            await popup.GetByLabel("User name").WaitForAsync();
            await page.GetByTestId("sign-in-progress").WaitForAsync();
            await visit("signed out / while the sign-in window is open", page);
            await visit("demo provider's login", popup);
            await popup.GetByLabel("User name").FillAsync("alice");
            await popup.GetByLabel("Password").FillAsync("wonderland");
            await popup.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            var allow = popup.GetByRole(AriaRole.Button, new() { Name = "Allow" });
            await allow.WaitForAsync();
            await visit("demo provider's consent", popup);
            var closed = new TaskCompletionSource();
            popup.Close += (_, _) => closed.TrySetResult();
            await allow.ClickAsync();
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });

            foreach (var path in (string[])["/", "/account", "/providers", "/no/such/page"])
            {
                await fixture.GotoAsync(page, path);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await visit($"signed in {path}", page);
            }

            await fixture.GotoAsync(page, "/");
            await page.GetByTestId("user-chip").ClickAsync();
            await page.GetByTestId("menu-sign-out").WaitForAsync();
            await visit("signed in / with the user menu open", page);

            await fixture.GotoAsync(page, "/account");
            await page.GetByTestId("developer-details").Locator("summary").ClickAsync();
            await page.GetByTestId("claims").WaitForAsync();
            await visit("signed in /account with developer details open", page);
            await page.GetByTestId("sign-out-everywhere").ClickAsync();
            await page.GetByRole(AriaRole.Dialog).WaitForAsync();

            // The click's ripple is an animation that outgrows its button for a moment; the page is what stays.
            await page.WaitForFunctionAsync("() => document.querySelector('.mud-ripple-effect') === null");
            await visit("signed in /account asking to sign out everywhere", page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>Switches the system's colour scheme and waits until the page has followed it.</summary>
    public static async Task UseColourSchemeAsync(IPage page, ColorScheme scheme)
    {
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
        var dark = scheme == ColorScheme.Dark;
        for (var wait = 0; wait < 100; wait++)
        {
            if (await page.EvaluateAsync<bool>(
                "() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return r + g + b < 200; }") == dark)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The page did not follow the system's {scheme} scheme.");
    }
}
