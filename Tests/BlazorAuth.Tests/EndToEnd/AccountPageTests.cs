using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>The account page reads as written for people: names, words and local times, with the claims kept for developers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_account_page_speaks_in_words_and_local_times_and_keeps_the_claims_under_developer_details()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            TimezoneId = "Asia/Tokyo",
        });
        var page = await context.NewPageAsync();
        await fixture.GotoAsync(page);
        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync()), "alice", "wonderland");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        var signedInAt = DateTimeOffset.UtcNow;
        await fixture.GotoAsync(page, "/account");

        await Expect(page.GetByTestId("profile-provider")).ToHaveTextAsync("Signed in with Demo");
        var scopes = page.GetByTestId("granted-scopes");
        await Expect(scopes).ToContainTextAsync("See your email address");
        await Expect(scopes).ToContainTextAsync("Keep you signed in while you are away");
        await Expect(scopes).Not.ToContainTextAsync("offline_access");

        // This browser, by name, with when it signed in, in Tokyo's time (the browser's zone, not the server's UTC).
        var current = page.GetByTestId("sessions").Locator("tr[data-session=current]");
        await Expect(current).ToContainTextAsync("Chrome on Linux");
        await Expect(current).ToContainTextAsync("Demo");
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var expected = new[] { signedInAt, signedInAt.AddMinutes(-1) }.Select(t => TimeZoneInfo.ConvertTime(t, tokyo).ToString("d MMM yyyy, HH:mm"));
        await Expect(current.Locator(".session-time")).Not.ToContainTextAsync("UTC", new() { Timeout = 10_000 });
        Assert.Contains((await current.Locator(".session-time").TextContentAsync())!.Trim(), expected);
        await Expect(current).Not.ToContainTextAsync("Mozilla/5.0");

        // The access token's life as a bar, with the moment the session renews itself marked on it.
        var life = page.GetByTestId("token-life");
        await Expect(life).ToHaveAttributeAsync("role", "progressbar", new() { Timeout = 15_000 });
        Assert.InRange(double.Parse((await life.GetAttributeAsync("aria-valuenow"))!, System.Globalization.CultureInfo.InvariantCulture), 50, 100);
        await Expect(page.Locator(".token-renewal-mark")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("token-renewal")).ToContainTextAsync("renews itself in");

        // The claims, epoch times and all, only for those who open the developer details.
        var claims = page.GetByTestId("claims");
        await Expect(claims).ToBeHiddenAsync();
        await page.GetByTestId("developer-details").Locator("summary").ClickAsync();
        await Expect(claims).ToBeVisibleAsync();
        await Expect(claims).ToContainTextAsync("blazorauth:session");
        await context.CloseAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
