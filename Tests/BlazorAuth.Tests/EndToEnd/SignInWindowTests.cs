using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>The page while a sign-in window is open: it can be brought back or cancelled, and no click is lost.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInWindowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task While_the_sign_in_window_is_open_the_page_offers_to_show_it_and_Cancel_closes_it_without_an_error()
    {
        var page = await fixture.OpenAppAsync();
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await popup.GetByLabel("User name").WaitForAsync();

        var progress = page.GetByTestId("sign-in-progress");
        await Assertions.Expect(progress).ToContainTextAsync("Signing in with Demo in a separate window.");

        // Show brings the window to the front; headless Chromium has no window stacking to observe, so what is checked here
        // is that it leaves the sign-in going.
        await progress.GetByRole(AriaRole.Button, new() { Name = "Show the sign-in window" }).ClickAsync();
        await page.WaitForTimeoutAsync(500);
        await Assertions.Expect(progress).ToBeVisibleAsync();
        Assert.False(popup.IsClosed);

        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        await progress.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Assertions.Expect(progress).ToHaveCountAsync(0);
        await FocusTests.ExpectFocusAsync(page, "[data-blazorauth-signin=demo]");

        // Cancelling is the user's own choice: no message says it failed, even once the closed window is noticed.
        await page.WaitForTimeoutAsync(1000);
        await Assertions.Expect(page.GetByTestId("sign-in-message")).ToHaveCountAsync(0);

        var again = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await SignInAtDemoAsync(again, "alice", "wonderland");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task While_the_sign_in_window_is_open_the_page_runs_no_endless_animation()
    {
        // The user may take a minute in the other window; an endless animation on this page would repaint it every frame
        // all that time, and in the bench's headless Chromium took a third of a core from the sign-in itself.
        var page = await fixture.OpenAppAsync();
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await popup.GetByLabel("User name").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("sign-in-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-blazorauth-signin=demo][aria-busy=true]").First).ToBeVisibleAsync();

        var endless = await page.EvaluateAsync<string[]>("""
            () => document.getAnimations()
                .filter(a => a.playState === 'running' && a.effect?.getComputedTiming().iterations === Infinity)
                .map(a => `${a.animationName ?? 'animation'} on ${a.effect.target?.getAttribute?.('class') ?? a.effect.target?.tagName}`)
            """);
        Assert.Empty(endless);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Escape_on_the_page_cancels_the_open_sign_in_window()
    {
        var page = await fixture.OpenAppAsync();
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        await Assertions.Expect(page.GetByTestId("sign-in-progress")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Escape");
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Assertions.Expect(page.GetByTestId("sign-in-progress")).ToHaveCountAsync(0);
        await page.WaitForTimeoutAsync(1000);
        await Assertions.Expect(page.GetByTestId("sign-in-message")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_click_while_the_page_is_still_connecting_opens_the_sign_in_window_and_signs_in_once_it_has()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // The circuit cannot connect until the sign-in is done in the popup.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });

        await page.GotoAsync(fixture.App.AppOrigin + "/");
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync(new() { Timeout = 10_000 }));
        Assert.Equal(0, await page.Locator("html[data-blazorauth-ready]").CountAsync());
        await SignInAtDemoAsync(popup, "alice", "wonderland");
        Assert.Equal(0, await page.Locator("html[data-blazorauth-ready]").CountAsync());

        release.SetResult();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 20_000 });
        await context.CloseAsync();
    }
}
