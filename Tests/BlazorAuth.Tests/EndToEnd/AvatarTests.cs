using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>The user's avatar is the provider's picture, fetched by the browser, and the initial when it cannot be shown.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AvatarTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_avatar_is_the_providers_picture_and_the_initial_when_the_picture_fails()
    {
        var page = await fixture.OpenAppAsync();
        var requested = new TaskCompletionSource<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Url == fixture.App.DemoUrl + "/avatars/alice.svg")
            {
                requested.TrySetResult(response);
            }
        };

        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync()), "alice", "wonderland");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });

        // The browser asked the demo provider for Alice's picture, got it, and shows it over the initial.
        var response = await requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, response.Status);
        Assert.StartsWith("image/svg+xml", response.Headers["content-type"]);
        var picture = page.Locator(".user-menu [data-testid=avatar-picture]");
        await Assertions.Expect(picture).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await picture.ElementHandleAsync());

        // A picture that cannot be loaded gives way to the initial, not a broken image.
        await picture.EvaluateAsync("img => img.src = '/no/such/picture.png'");
        await Assertions.Expect(picture).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".user-menu .user-avatar-initial")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
