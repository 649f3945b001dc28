using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>What the page tells a person about their sign-in, in a real browser against the demo provider.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInMessageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_denied_consent_says_so_in_words_keeps_the_code_in_the_details_and_Try_again_signs_in()
    {
        await fixture.WithdrawGrantsAsync("bob");
        var page = await fixture.OpenAppAsync();
        var popup = await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync());
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        await popup.GetByLabel("User name").FillAsync("bob");
        await popup.GetByLabel("Password").FillAsync("builder");
        await popup.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The consent page says in words what the app asks for.
        await Expect(popup.Locator("main ul")).ToContainTextAsync("See your email address");
        await Expect(popup.Locator("main ul")).Not.ToContainTextAsync("offline_access");
        await popup.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var message = page.GetByTestId("sign-in-message");
        await Assertions.Expect(message).ToContainTextAsync("You chose not to sign in with Demo.", new() { Timeout = 15_000 });
        var detail = message.GetByTestId("sign-in-detail");
        await Assertions.Expect(detail.Locator("code")).ToBeHiddenAsync();
        await detail.Locator("summary").ClickAsync();
        await Assertions.Expect(detail.Locator("code")).ToContainTextAsync("access_denied");

        var retry = await page.RunAndWaitForPopupAsync(() => message.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync());
        await Assertions.Expect(message).ToHaveCountAsync(0);
        await SignInAtDemoAsync(retry, "bob", "builder");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder", new() { Timeout = 15_000 });
        await page.Context.CloseAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
