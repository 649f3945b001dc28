using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>What a user sees when the provider changes under a live session: its signing key, its refresh tokens.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProviderChangeTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly List<IPage> _pages = [];

    private const string SessionEnded = "Your session has ended; please sign in again.";

    [Fact]
    public async Task A_user_stays_signed_in_across_the_providers_key_rotation()
    {
        var page = await SignInWithFakeAsync();

        fixture.Fake.RotateKey("rotated-" + Guid.NewGuid().ToString("N")[..8], keepOld: false);

        // The reload renews the session through /refresh, whose id_token the provider now signs with the new key.
        await fixture.GotoAsync(page);
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Fake User", new() { Timeout = 15_000 });
        Assert.Equal(200, await page.EvaluateAsync<int>("async () => (await (await import('./_content/BlazorAuth.Auth/blazorauth.js')).refresh('fake')).status"));
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(0, await page.GetByText(SessionEnded).CountAsync());
        Assert.Equal(0, await page.GetByTestId("sign-in-message").CountAsync());
    }

    [Fact]
    public async Task A_session_the_provider_gave_no_refresh_token_is_renewed_silently_through_the_providers_session()
    {
        fixture.Fake.IssueRefreshTokens = false;
        fixture.Fake.AccessTokenLifetime = TimeSpan.FromSeconds(6);
        var page = await SignInWithFakeAsync();
        await page.EvaluateAsync("() => window.__notReloaded = true");
        var silent = fixture.Fake.AuthorizePrompts.Count(p => p == "none");

        // Past two access-token lifetimes, the page is still signed in: each renewal went through a hidden frame.
        await page.WaitForTimeoutAsync(14_000);
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Fake User");
        Assert.Equal(0, await page.GetByText(SessionEnded).CountAsync());
        Assert.True(fixture.Fake.AuthorizePrompts.Count(p => p == "none") >= silent + 2, "renewed through prompt=none");
        // Each hidden frame goes once its renewal is over (one may be at work at this very moment).
        await Expect(page.Locator("iframe")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");
    }

    [Fact]
    public async Task A_session_that_cannot_be_renewed_says_so_when_its_access_token_runs_out()
    {
        fixture.Fake.IssueRefreshTokens = false;
        fixture.Fake.AccessTokenLifetime = TimeSpan.FromSeconds(8);
        var page = await SignInWithFakeAsync();
        await page.EvaluateAsync("() => window.__notReloaded = true");

        // The provider's own session is over, so a prompt=none renewal comes back with login_required.
        fixture.Fake.SessionAtProvider = false;

        // No reload, no click: the page itself notices when the session ends.
        await Expect(page.GetByText(SessionEnded)).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Continue with Fake" }).First).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "session-ended.png") });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Closes this test's browsers, whose pages would otherwise go on renewing against the shared provider.</summary>
    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }

        fixture.Fake.IssueRefreshTokens = true;
        fixture.Fake.AccessTokenLifetime = TimeSpan.FromMinutes(5);
        fixture.Fake.SessionAtProvider = true;
    }

    private async Task<IPage> SignInWithFakeAsync()
    {
        var page = await fixture.OpenAppAsync();
        _pages.Add(page);
        await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Continue with Fake" }).First.ClickAsync());
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Fake User", new() { Timeout = 15_000 });
        return page;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
