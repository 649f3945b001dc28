using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// Keyboard users: every control shows a focus ring they can see (3:1 against what it covers), and focus goes where
/// attention goes when sign-in, an error, sign-out or a menu changes the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FocusTests(BrowserFixture fixture)
{
    // Of the pixels that differ between two screenshots of the same place, how many differ by a contrast of 3:1 or more.
    private const string CompareScreenshots = """
        async ({ focused, unfocused }) => {
            const load = async base64 => {
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
                const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
                const context = canvas.getContext('2d');
                context.drawImage(bitmap, 0, 0);
                return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
            };
            const [a, b] = [await load(focused), await load(unfocused)];
            const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            const luminance = (d, i) => 0.2126 * channel(d[i]) + 0.7152 * channel(d[i + 1]) + 0.0722 * channel(d[i + 2]);
            let changed = 0, strong = 0;
            for (let i = 0; i < a.length; i += 4) {
                if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2]) continue;
                changed++;
                const [l1, l2] = [luminance(a, i), luminance(b, i)];
                if ((Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) >= 3) strong++;
            }
            return [changed, strong];
        }
        """;

    [Fact]
    public async Task Every_control_reached_with_Tab_shows_a_focus_ring_of_at_least_3_to_1_in_either_theme()
    {
        var faint = new List<string>();
        var controls = 0;
        await new PageStates(fixture).VisitAllAsync(async (name, page) =>
        {
            if (name.Contains("menu open", StringComparison.Ordinal))
            {
                // The open menu's items are reached with the arrow keys: the keyboard test below.
                return;
            }

            foreach (var scheme in (ColorScheme[])[ColorScheme.Light, ColorScheme.Dark])
            {
                await PageStates.UseColourSchemeAsync(page, scheme);
                await foreach (var (control, strong, perimeter) in TabThroughAsync(page))
                {
                    controls++;
                    if (strong < perimeter)
                    {
                        faint.Add($"{name}, {scheme}: {control}: {strong} pixels change by 3:1 on focus, fewer than its perimeter of {perimeter}");
                    }
                }
            }

            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        });

        Assert.True(controls >= 60, $"only {controls} controls were reached");
        Assert.True(faint.Count == 0, string.Join("\n", faint));
    }

    [Fact]
    public async Task Keyboard_alone_signs_in_and_out_and_focus_follows_each_step()
    {
        await fixture.WithdrawGrantsAsync("alice");
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await fixture.GotoAsync(page);

        // Sign-in, by keyboard here and in the provider's popup: focus ends on the control that shows who signed in.
        await TabToAsync(page, "[data-blazorauth-signin=demo]");
        var popup = await page.RunAndWaitForPopupAsync(() => page.Keyboard.PressAsync("Enter"));
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        await popup.GetByLabel("User name").WaitForAsync();
        await popup.Keyboard.TypeAsync("alice");
        await popup.Keyboard.PressAsync("Tab");
        await popup.Keyboard.TypeAsync("wonderland");
        await popup.Keyboard.PressAsync("Enter");
        await popup.GetByRole(AriaRole.Button, new() { Name = "Allow" }).WaitForAsync();
        await TabToAsync(popup, "button[value=accept]");
        await popup.Keyboard.PressAsync("Enter");
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        await ExpectFocusAsync(page, ".user-menu .mud-menu-activator");

        // The menu opens from the keyboard and, closed with Escape, gives focus back to its button.
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("menu-sign-out").WaitForAsync();

        // The menu takes its keys once focus has moved into it, as a person sees it do; an Escape before that reaches the button.
        await ExpectFocusAsync(page, "[role=menuitem]");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("menu-sign-out")).ToBeHiddenAsync();
        await ExpectFocusAsync(page, ".user-menu .mud-menu-activator");

        // Sign-out from the menu: focus stays where it was, now on the app bar's sign-in.
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("menu-sign-out").WaitForAsync();
        await ExpectFocusAsync(page, "[role=menuitem]");
        await page.Keyboard.PressAsync("ArrowDown");
        await ExpectFocusAsync(page, "[data-testid=menu-sign-out]");

        var signOut = await page.RunAndWaitForPopupAsync(() => page.Keyboard.PressAsync("Enter"));
        var signedOut = new TaskCompletionSource();
        signOut.Close += (_, _) => signedOut.TrySetResult();
        if (!signOut.IsClosed)
        {
            await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }

        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await ExpectFocusAsync(page, ".user-menu-slot [data-blazorauth-signin]");

        // A sign-in that fails: focus goes to the message that says so.
        var abandoned = await page.RunAndWaitForPopupAsync(() => page.Keyboard.PressAsync("Enter"));
        await abandoned.GetByLabel("User name").WaitForAsync();
        await abandoned.CloseAsync();
        await Assertions.Expect(page.GetByTestId("sign-in-message")).ToContainTextAsync("closed", new() { Timeout = 15_000 });
        await ExpectFocusAsync(page, "[data-testid=sign-in-message]");
        await context.CloseAsync();
    }

    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var step = 0; step < 40; step++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}.");
    }

    internal static async Task ExpectFocusAsync(IPage page, string selector)
    {
        for (var wait = 0; wait < 50; wait++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector))
            {
                return;
            }

            await Task.Delay(100);
        }

        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        Assert.Fail($"Focus is not on {selector} but on {focused}.");
    }

    /// <summary>Each control Tab reaches from the top of the page, with how strongly its focus ring shows.</summary>
    private static async IAsyncEnumerable<(string Control, int Strong, int Perimeter)> TabThroughAsync(IPage page)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.__visited = new WeakSet(); }");
        await page.Mouse.MoveAsync(0, 0);
        for (var step = 0; step < 80; step++)
        {
            await page.Keyboard.PressAsync("Tab");
            var control = await page.EvaluateHandleAsync("() => document.activeElement") as IElementHandle;
            if (control is null || await page.EvaluateAsync<bool>("e => e === document.body || window.__visited.has(e)", control))
            {
                yield break;
            }

            await page.EvaluateAsync("e => window.__visited.add(e)", control);
            var label = await control.EvaluateAsync<string>(
                "e => `${e.tagName.toLowerCase()} \"${(e.getAttribute('aria-label') || e.textContent || e.getAttribute('name') || '').trim().slice(0, 40)}\"`");
            var box = await control.BoundingBoxAsync();
            if (box is null || box.Width < 1 || box.Height < 1)
            {
                // A dialog's focus trap has boxless stops at its ends that pass focus straight back into the dialog:
                // not a place focus stays. Anything else with no box of its own has nothing to draw a ring around.
                if (await page.EvaluateAsync<bool>(PassesFocusOn, control))
                {
                    continue;
                }

                yield return (label + " (no box)", 0, 1);
                continue;
            }

            var clip = Clip(page, box);
            await page.WaitForTimeoutAsync(60);
            var focused = await page.ScreenshotAsync(new PageScreenshotOptions { Clip = clip });
            await control.EvaluateAsync("e => e.blur()");
            await page.WaitForTimeoutAsync(60);
            var unfocused = await page.ScreenshotAsync(new PageScreenshotOptions { Clip = clip });
            await control.EvaluateAsync("e => e.focus()");
            var counts = await page.EvaluateAsync<int[]>(CompareScreenshots,
                new { focused = Convert.ToBase64String(focused), unfocused = Convert.ToBase64String(unfocused) });
            yield return (label, counts[1], (int)(2 * (Math.Round(box.Width) + Math.Round(box.Height))));
        }
    }

    private const string PassesFocusOn = """
        async e => {
            for (let wait = 0; wait < 20 && document.activeElement === e; wait++) {
                await new Promise(resolve => setTimeout(resolve, 50));
            }
            return document.activeElement !== e && e.closest('.mud-focus-trap') !== null;
        }
        """;

    private static Clip Clip(IPage page, ElementHandleBoundingBoxResult box)
    {
        var viewport = page.ViewportSize!;
        var left = Math.Max(0, box.X - 6);
        var top = Math.Max(0, box.Y - 6);
        return new Clip
        {
            X = left,
            Y = top,
            Width = Math.Min(viewport.Width, box.X + box.Width + 6) - left,
            Height = Math.Min(viewport.Height, box.Y + box.Height + 6) - top,
        };
    }
}
