using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>The popup flow in a real browser, against the real demo provider.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PopupSignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Signing_in_in_the_popup_updates_the_page_without_a_reload_survives_a_reload_and_sign_out_sticks()
    {
        var page = await fixture.OpenAppAsync();
        await page.EvaluateAsync("() => window.__notReloaded = true");

        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await SignInAtDemoAsync(popup, "alice", "wonderland");

        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("user-email")).ToHaveTextAsync("alice@example.test");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");
        Assert.True(popup.IsClosed, "the popup closes itself");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "signed-in.png") });

        await fixture.GotoAsync(page);
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell");

        await fixture.GotoAsync(page, "/account");
        await Expect(page.GetByTestId("profile-name")).ToHaveTextAsync("Alice Liddell");
        await Expect(page.GetByTestId("token-countdown")).ToContainTextAsync("Access token expires in", new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "account.png") });

        await SignOutFromMenuAsync(page);
        await Expect(SignInButton(page)).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(0, await page.GetByText(SessionEndedMessage).CountAsync());
        await fixture.GotoAsync(page);
        await Expect(SignInButton(page)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_frameworks_OpenID_Connect_handler_configured_from_settings_signs_in_through_the_same_popup_and_renews()
    {
        var page = await fixture.OpenAppAsync();
        await page.EvaluateAsync("() => window.__notReloaded = true");

        var popup = await page.RunAndWaitForPopupAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Continue with ASP.NET Core handler" }).First.ClickAsync());
        await SignInAtDemoAsync(popup, "alice", "wonderland");

        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");

        // A reload renews the session through the handler's configuration, and the user stays.
        await fixture.GotoAsync(page);
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell");
        Assert.Equal(200, await page.EvaluateAsync<int>("async () => (await (await import('./_content/BlazorAuth.Auth/blazorauth.js')).refresh('framework')).status"));

        await SignOutFromMenuAsync(page);
        await Expect(SignInButton(page)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_providers_session_in_a_popup_that_closes_itself_so_the_next_sign_in_asks_for_the_password()
    {
        var page = await fixture.OpenAppAsync();
        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync()), "alice", "wonderland");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        await page.EvaluateAsync("() => window.__notReloaded = true");

        var visited = await SignOutFromMenuAsync(page);

        Assert.Contains(visited, url => url.StartsWith(fixture.App.DemoUrl + "/connect/logout?", StringComparison.Ordinal));
        await Expect(SignInButton(page)).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");

        // The provider's session is over: the next sign-in asks for the password instead of signing Alice straight back in.
        var next = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await Expect(next.GetByLabel("Password")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task Use_another_account_asks_the_provider_for_its_login_page_while_it_still_has_a_session()
    {
        var page = await fixture.OpenAppAsync();
        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync()), "alice", "wonderland");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });

        // Signed out in this app only (as a sign-out whose popup was closed at once would leave it): the provider still knows Alice.
        await page.EvaluateAsync("async () => { await fetch('/auth/demo/logout', { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } }); }");
        await fixture.GotoAsync(page);
        await Expect(SignInButton(page)).ToBeVisibleAsync();

        var popup = await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Use another Demo account" }).ClickAsync());
        await Expect(popup.GetByLabel("Password")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await SignInAtDemoAsync(popup, "bob", "builder");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task One_browser_signs_in_through_two_provider_types_in_turn()
    {
        var page = await fixture.OpenAppAsync();
        await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Continue with CentralAuth" }).First.ClickAsync());
        await Expect(page.GetByTestId("user-email")).ToHaveTextAsync("carol@central.example", new() { Timeout = 15_000 });

        await SignOutFromMenuAsync(page);
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await SignInAtDemoAsync(popup, "bob", "builder");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task The_providers_page_lists_each_provider_and_shows_a_tried_sign_in_step_by_step()
    {
        var page = await fixture.OpenAppAsync("/providers");
        var table = page.GetByTestId("providers");
        await Expect(table.Locator("tr[data-provider=demo] .callback-url")).ToHaveTextAsync(fixture.App.AppOrigin + "/auth/demo/handler/frame");
        await Expect(table.Locator("tr[data-provider=ca] .callback-url")).ToHaveTextAsync(fixture.App.AppOrigin + "/auth/ca/handler/frame");
        await Expect(table.Locator("tr[data-provider=demo] .provider-status")).ToContainTextAsync("yes", new() { Timeout = 15_000 });
        await Expect(table.Locator("tr[data-provider=ca] .provider-status")).ToContainTextAsync("yes", new() { Timeout = 15_000 });

        var popup = await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Try it with Demo" }).ClickAsync());
        await SignInAtDemoAsync(popup, "alice", "wonderland");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Circuit redeemed the session ticket", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("At the provider");
        await Expect(page.GetByTestId("signature-state")).ToContainTextAsync("verified by the server");
        await Expect(page.GetByTestId("token-header")).ToContainTextAsync("RS256");
        await Expect(page.GetByTestId("token-claims")).ToContainTextAsync("alice@example.test");
        await Expect(table.Locator("tr[data-provider=demo] .last-outcome")).ToContainTextAsync("succeeded");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "providers.png"), FullPage = true });
    }

    [Fact]
    public async Task Sign_out_everywhere_asks_first_confirms_after_and_the_other_browser_says_why_within_the_revalidation_interval()
    {
        var first = await fixture.OpenAppAsync();
        await SignInAtDemoAsync(await first.RunAndWaitForPopupAsync(() => SignInButton(first).ClickAsync()), "bob", "builder");
        await Expect(first.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder", new() { Timeout = 15_000 });
        var second = await fixture.OpenAppAsync();
        await SignInAtDemoAsync(await second.RunAndWaitForPopupAsync(() => SignInButton(second).ClickAsync()), "bob", "builder");
        await Expect(second.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder", new() { Timeout = 15_000 });

        await fixture.GotoAsync(first, "/account");
        // Bob's sessions from the other tests of this run are listed too: at least these two, this one marked.
        await Expect(first.GetByTestId("sessions").Locator("tr[data-session=current]")).ToContainTextAsync("This browser", new() { Timeout = 10_000 });
        Assert.True(await first.GetByTestId("sessions").Locator("tbody tr").CountAsync() >= 2);

        // It asks first, and Cancel changes nothing.
        var dialog = first.GetByRole(AriaRole.Dialog);
        await first.GetByTestId("sign-out-everywhere").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Sign out everywhere?");
        await Expect(dialog).ToContainTextAsync("every other browser or device");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await first.GetByTestId("sign-out-everywhere").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Sign out everywhere?");

        // The dialog takes its keys once focus has moved into it, as a person sees it do (MudBlazor connects its key
        // handling just before it moves focus); an Escape before that is lost, which CI's load once showed.
        await FocusTests.ExpectFocusAsync(first, "[role=dialog] *");
        await first.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(first.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder");

        await first.GetByTestId("sign-out-everywhere").ClickAsync();
        await SignOutThroughPopupAsync(first, dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }));
        await Expect(first.GetByTestId("sign-in-message")).ToContainTextAsync("You are now signed out on every device and browser.", new() { Timeout = 10_000 });

        await Expect(SignInButton(second)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(second.GetByTestId("sign-in-message")).ToContainTextAsync("You signed out everywhere from another tab or device.");
        await Expect(second.GetByTestId("sign-in-retry")).ToHaveTextAsync("Sign in again");
        await Expect(first.GetByTestId("sign-in-retry")).ToHaveCountAsync(0);
        await Expect(second.GetByTestId("user-name")).ToHaveCountAsync(0);
        Assert.Equal(0, await first.GetByText("from another tab or device").CountAsync());
        await fixture.GotoAsync(second);
        await Expect(second.GetByTestId("user-name")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_second_tab_follows_the_first_tabs_sign_in_and_sign_out_without_a_reload()
    {
        var firstTab = await fixture.OpenAppAsync();
        var secondTab = await firstTab.Context.NewPageAsync();
        await fixture.GotoAsync(secondTab);
        await secondTab.EvaluateAsync("() => window.__notReloaded = true");

        await SignInAtDemoAsync(await firstTab.RunAndWaitForPopupAsync(() => SignInButton(firstTab).ClickAsync()), "alice", "wonderland");
        await Expect(secondTab.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 10_000 });

        await SignOutFromMenuAsync(firstTab);
        await Expect(SignInButton(secondTab)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(secondTab.GetByTestId("sign-in-message")).ToContainTextAsync("You signed out in another tab.");
        Assert.Equal(0, await firstTab.GetByTestId("sign-in-message").CountAsync());
        Assert.True(await secondTab.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the second tab reloaded");
    }

    [Fact]
    public async Task Two_tabs_refreshing_at_the_same_moment_against_a_strictly_rotating_provider_both_stay_signed_in()
    {
        var firstTab = await fixture.OpenAppAsync();
        await SignInAtDemoAsync(await firstTab.RunAndWaitForPopupAsync(() => SignInButton(firstTab).ClickAsync()), "bob", "builder");
        await Expect(firstTab.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder", new() { Timeout = 15_000 });
        var secondTab = await firstTab.Context.NewPageAsync();
        await fixture.GotoAsync(secondTab);
        await Expect(secondTab.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder");

        // Both tabs fire at one agreed wall-clock instant, the second a few milliseconds late in some rounds, so
        // that its request carries the refresh token the first is rotating away, whichever of them reaches the
        // provider first. The demo provider revokes the whole grant when a refresh token is used twice.
        foreach (var lag in new[] { 0, 2, 5, 10, 20, 40 })
        {
            var at = DateTimeOffset.UtcNow.AddMilliseconds(300).ToUnixTimeMilliseconds();
            var statuses = await Task.WhenAll(RefreshAtAsync(firstTab, at), RefreshAtAsync(secondTab, at + lag));
            Assert.True(statuses is [200, 200], $"with the second tab {lag} ms late the tabs got {string.Join(", ", statuses)}");
        }

        // The rotated token both answers agreed on is the one the cookie holds, and the provider still honours it.
        Assert.Equal(200, await firstTab.EvaluateAsync<int>("async () => (await (await import('./_content/BlazorAuth.Auth/blazorauth.js')).refresh('demo')).status"));
        foreach (var tab in new[] { firstTab, secondTab })
        {
            await fixture.GotoAsync(tab);
            await Expect(tab.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder");
        }
    }

    private static Task<int> RefreshAtAsync(IPage tab, long unixMilliseconds) =>
        tab.EvaluateAsync<int>($$"""
            async () => {
              const module = await import('./_content/BlazorAuth.Auth/blazorauth.js');
              await new Promise(resolve => setTimeout(resolve, Math.max(0, {{unixMilliseconds}} - Date.now())));
              return (await module.refresh('demo')).status;
            }
            """);

    [Fact]
    public async Task Signing_out_at_the_provider_signs_the_open_tab_out_through_the_back_channel()
    {
        var page = await fixture.OpenAppAsync();
        await page.EvaluateAsync("() => window.__notReloaded = true");
        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync()), "alice", "wonderland");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });

        var provider = await page.Context.NewPageAsync();
        await provider.GotoAsync(fixture.App.DemoUrl + "/connect/logout");
        await provider.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "demo-sign-out.png") });
        await provider.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(provider.GetByRole(AriaRole.Heading, new() { Name = "Signed out" })).ToBeVisibleAsync();

        await Expect(SignInButton(page)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("sign-in-message")).ToContainTextAsync("You signed out at Demo, so you are signed out here too.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "session-ended.png") });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the tab reloaded");
        await fixture.GotoAsync(page);
        await Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Closing_the_popup_shows_a_clear_message()
    {
        var page = await fixture.OpenAppAsync();
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await popup.WaitForLoadStateAsync();
        await popup.CloseAsync();

        await Expect(page.GetByText("The Demo sign-in window was closed before sign-in finished.")).ToBeVisibleAsync();
        await Expect(SignInButton(page)).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Messages_from_another_window_or_another_origin_change_nothing_and_the_real_sign_in_still_completes()
    {
        var page = await fixture.OpenAppAsync();
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        await Expect(popup.GetByLabel("Password")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // Well-formed messages of the right type, each failing exactly one of the module's checks.
        const string forged = "{ type: 'authorization_response', error: { name: 'ProviderError', message: 'Forged by Mallory' } }";
        // The popup itself, while it is on the provider's origin: the right window, the wrong origin.
        await popup.EvaluateAsync($"() => window.opener.postMessage({forged}, '*')");
        // Another window of the app's own origin: the right origin, the wrong window.
        var foreign = await page.RunAndWaitForPopupAsync(() => page.EvaluateAsync("() => { window.open('/', 'foreign'); }"));
        await foreign.WaitForLoadStateAsync();
        await foreign.EvaluateAsync($"() => window.opener.postMessage({forged}, window.location.origin)");
        // The page to itself.
        await page.EvaluateAsync($"() => window.postMessage({forged}, window.location.origin)");
        await page.WaitForTimeoutAsync(500);
        await Expect(page.GetByText("Forged by Mallory")).ToHaveCountAsync(0);
        Assert.False(popup.IsClosed, "the real sign-in is still waiting for its own popup");

        await SignInAtDemoAsync(popup, "alice", "wonderland");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        await Expect(page.GetByText("Forged by Mallory")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("sign-in-message")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_forged_interop_call_does_not_sign_anyone_in()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // Play an attacker with full control of the page's scripts: expose the module's .NET reference.
        await page.RouteAsync("**/_content/BlazorAuth.Auth/blazorauth*.js", async route =>
        {
            var response = await route.FetchAsync();
            var body = await response.TextAsync() + "\nexport function __reference() { return dotnet; }\n";
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = body });
        });
        await fixture.GotoAsync(page);

        await page.EvaluateAsync("""
            async () => {
              const module = await import('./_content/BlazorAuth.Auth/blazorauth.js');
              const forged = { type: 'authorization_response',
                response: { providerInfo: { accessToken: 'x', idToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.', scope: 'openid', expiresInSeconds: 3600 },
                            profile: { email: 'mallory@evil.example', displayName: 'Mallory' },
                            session: { ticket: 'CfDJ8forged', expiresInSeconds: 60 } } };
              await module.__reference().invokeMethodAsync('OnAuthorizationResponse', 'demo', JSON.stringify(forged), 1);
            }
            """);

        await Expect(page.GetByText("Sign-in with Demo did not finish.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Mallory")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_blocked_popup_offers_to_continue_in_this_tab_which_comes_back_to_the_same_page_and_is_remembered()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("window.open = () => null;");
        await fixture.GotoAsync(page, "/providers");

        await SignInButton(page).ClickAsync();
        await Expect(page.GetByText("Your browser blocked the Demo sign-in window; you can sign in in this tab instead.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue in this tab" }).ClickAsync();

        await ArriveAsync(page, fixture.App.DemoUrl);
        await SignInAtDemoInThisTabAsync(page, fixture.App.AppOrigin, "alice", "wonderland");
        await page.WaitForURLAsync(fixture.App.AppOrigin + "/providers");

        // The page is back from the redirect, prerendered with the user: a click before its circuit is interactive does
        // nothing, so the menu below would never open (the cause of this test's timeouts under load).
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });

        // Signed out (the page itself goes to the provider's sign-out, since pop-ups are blocked), the next sign-in
        // goes straight to this tab's redirect, without the popup it knows will be blocked.
        await page.GetByTestId("user-chip").ClickAsync();
        await page.GetByTestId("menu-sign-out").ClickAsync();
        await page.WaitForURLAsync(fixture.App.AppOrigin + "/", new() { Timeout = 15_000 });
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await SignInButton(page).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(fixture.App.DemoUrl, StringComparison.Ordinal));
        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Waits for the tab to reach <paramref name="origin"/>; if it does not, says where it stayed and what it shows (once,
    /// in a full run, it stayed, and the timeout alone could not tell whether the click or the route failed).
    /// </summary>
    private static async Task ArriveAsync(IPage page, string origin)
    {
        try
        {
            await page.WaitForURLAsync(url => url.StartsWith(origin, StringComparison.Ordinal));
        }
        catch (TimeoutException e)
        {
            var text = await page.InnerTextAsync("body");
            throw new TimeoutException($"The tab did not reach {origin}; it is at {page.Url}, showing: {text[..Math.Min(text.Length, 400)]}", e);
        }
    }

    /// <summary>The demo provider's login (and, the first time, its consent) in the app's own tab, until the tab is back at <paramref name="appOrigin"/>.</summary>
    private static async Task SignInAtDemoInThisTabAsync(IPage page, string appOrigin, string user, string password)
    {
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var allow = page.GetByRole(AriaRole.Button, new() { Name = "Allow" });
        var back = page.WaitForURLAsync(url => url.StartsWith(appOrigin, StringComparison.Ordinal), new() { Timeout = 15_000 });
        var consent = allow.WaitForAsync(new() { Timeout = 15_000 });
        if (await Task.WhenAny(back, consent) == consent && consent.IsCompletedSuccessfully)
        {
            await allow.ClickAsync();
        }

        await back;
        _ = consent.ContinueWith(static t => t.Exception, TaskScheduler.Default);
    }

    [Fact]
    public async Task The_frame_page_opened_without_an_opener_shows_only_a_short_text_and_a_link_back()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            // The document's own 400 is expected; what must not happen is a script error or a CSP violation.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync(fixture.App.AppOrigin + "/auth/demo/handler/frame?error=access_denied&state=x");
        await Expect(page.GetByText("This window was not opened by the app")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "go back to the app" })).ToHaveAttributeAsync("href", "/");
        await Expect(page.GetByText("Finishing sign-in")).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    private const string SessionEndedMessage = "Your session has ended; please sign in again.";

    /// <summary>
    /// Signs out through the menu's item (not the account page's "Sign out everywhere", which may be on screen too),
    /// and waits until the sign-out popup it opens has done its work and closed, so that no later popup is taken for it.
    /// </summary>
    /// <returns>Every URL the sign-out popup asked for.</returns>
    internal static async Task<IReadOnlyCollection<string>> SignOutFromMenuAsync(IPage page)
    {
        // A prerendered page shows the user before its circuit can open the menu.
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.GetByTestId("user-chip").ClickAsync();
        return await SignOutThroughPopupAsync(page, page.GetByTestId("menu-sign-out"));
    }

    internal static async Task<IReadOnlyCollection<string>> SignOutThroughPopupAsync(IPage page, ILocator button)
    {
        // Listened to on the browser context from before the click: a popup's own listener, attached once Playwright
        // hands the popup over, misses whatever it loaded first, and a fast sign-out is over by then. The page itself
        // does not navigate meanwhile, so the navigations are the popup's.
        var visited = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Record(object? sender, IRequest request)
        {
            if (request.IsNavigationRequest)
            {
                visited.Enqueue(request.Url);
            }
        }

        page.Context.Request += Record;
        try
        {
            var popup = await page.RunAndWaitForPopupAsync(() => button.ClickAsync());
            var closed = new TaskCompletionSource();
            popup.Close += (_, _) => closed.TrySetResult();
            if (!popup.IsClosed)
            {
                await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
        }
        finally
        {
            page.Context.Request -= Record;
        }

        return visited;
    }

    internal static ILocator SignInButton(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = "Continue with Demo" }).First;

    /// <summary>
    /// Signs in at the demo provider; the consent page shows only until a user allows the app, and the login form only
    /// when the popup's browser has no session at the provider yet.
    /// </summary>
    /// <summary>Clicks "Continue with Demo" on <paramref name="page"/> and signs in at the demo provider in the popup it opens.</summary>
    internal static async Task ContinueWithDemoAsync(IPage page, string user, string password) =>
        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Continue with Demo" }).ClickAsync()), user, password);

    internal static async Task SignInAtDemoAsync(IPage popup, string user, string password)
    {
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        var userName = popup.GetByLabel("User name");
        var allow = popup.GetByRole(AriaRole.Button, new() { Name = "Allow" });
        var shown = userName.Or(allow).WaitForAsync();
        await Task.WhenAny(closed.Task, shown);
        _ = shown.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        if (closed.Task.IsCompleted)
        {
            return;
        }

        await shown;
        if (await userName.IsVisibleAsync())
        {
            await userName.FillAsync(user);
            await popup.GetByLabel("Password").FillAsync(password);
            await popup.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }

        var consent = allow.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        if (await Task.WhenAny(closed.Task, consent) == consent && consent.IsCompletedSuccessfully)
        {
            await allow.ClickAsync();
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        _ = consent.ContinueWith(static t => t.Exception, TaskScheduler.Default);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
