using BlazorAuth.Auth.Components;
using BlazorAuth.Components.Auth;
using BlazorAuth.Components.Layout;
using BlazorAuth.Components.Pages;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Components;

public sealed class SignInComponentTests : ComponentTestContext
{
    [Fact]
    public void Signed_out_the_app_bar_offers_a_sign_in_button_per_provider()
    {
        var menu = Render<UserMenu>();
        var button = menu.Find("button[data-blazorauth-signin]");
        Assert.Equal("demo", button.GetAttribute("data-blazorauth-signin"));
        Assert.Equal("Continue with Demo", ButtonText.Of(button));
        Assert.False(button.HasAttribute("disabled"));
        Assert.Empty(menu.FindAll("[data-testid=user-name]"));
    }

    [Fact]
    public async Task While_the_popup_is_open_its_button_says_so_without_a_spinner_and_stays_focusable()
    {
        var buttons = Render<SignInButtons>();
        await buttons.InvokeAsync(() => SignIn.OnSignInStarted("demo"));

        buttons.WaitForAssertion(() =>
        {
            var button = buttons.Find("button[data-blazorauth-signin]");
            Assert.Equal("true", button.GetAttribute("aria-busy"));
            Assert.False(button.HasAttribute("disabled"));
            Assert.NotEmpty(buttons.FindAll("[data-testid=sign-in-window-mark]"));
            Assert.Empty(buttons.FindAll(".mud-progress-circular"));
        });
    }

    [Fact]
    public async Task While_the_popup_is_open_the_bridge_offers_to_show_it_or_cancel_and_a_cancel_says_nothing_failed()
    {
        var bridge = Render<AuthBridge>();
        Assert.Empty(bridge.FindAll("[data-testid=sign-in-progress]"));

        await bridge.InvokeAsync(() => SignIn.OnSignInStarted("demo"));
        bridge.WaitForAssertion(() =>
        {
            var progress = bridge.Find("[role=status] [data-testid=sign-in-progress]");
            Assert.Contains("Signing in with Demo in a separate window.", progress.TextContent);
            Assert.Equal("demo", progress.QuerySelector("[data-blazorauth-show]")!.GetAttribute("data-blazorauth-show"));
            Assert.Equal("demo", progress.QuerySelector("[data-blazorauth-cancel]")!.GetAttribute("data-blazorauth-cancel"));
        });

        await bridge.InvokeAsync(() => SignIn.OnSignInFailed("demo", "Cancelled"));
        bridge.WaitForAssertion(() => Assert.Empty(bridge.FindAll("[data-testid=sign-in-progress]")));
        Assert.Empty(bridge.FindAll("[data-testid=sign-in-message]"));
        Assert.Null(SignIn.SigningInWith);
    }

    [Fact]
    public async Task The_librarys_bridge_shows_its_own_unstyled_progress_unless_told_not_to()
    {
        var bridge = Render<BlazorAuth.Auth.Components.SignInBridge>();
        var quiet = Render<BlazorAuth.Auth.Components.SignInBridge>(p => p.Add(b => b.ShowProgress, false));
        await bridge.InvokeAsync(() => SignIn.OnSignInStarted("demo"));

        bridge.WaitForAssertion(() =>
        {
            var progress = bridge.Find(".blazorauth-progress[role=status]");
            Assert.Contains("Signing in with Demo in a separate window.", progress.TextContent);
            Assert.Single(progress.QuerySelectorAll("button[data-blazorauth-show]"));
            Assert.Single(progress.QuerySelectorAll("button[data-blazorauth-cancel]"));
        });
        Assert.Empty(quiet.FindAll(".blazorauth-progress"));
    }

    [Fact]
    public async Task A_start_report_for_an_unknown_provider_changes_nothing()
    {
        var buttons = Render<SignInButtons>();
        await buttons.InvokeAsync(() => SignIn.OnSignInStarted("nope"));
        Assert.False(buttons.Find("button[data-blazorauth-signin]").HasAttribute("disabled"));
    }

    [Fact]
    public void Signed_in_the_app_bar_shows_avatar_name_and_email()
    {
        SignInAsAlice();
        var menu = Render<UserMenu>();
        Assert.Equal("Alice Liddell", menu.Find("[data-testid=user-name]").TextContent);
        Assert.Equal("alice@example.test", menu.Find("[data-testid=user-email]").TextContent);
        Assert.Equal("A", menu.Find(".mud-avatar").TextContent.Trim());
        Assert.Empty(menu.FindAll(".mud-avatar img"));
        Assert.Empty(menu.FindAll("button[data-blazorauth-signin]"));
    }

    [Theory]
    [InlineData("https://idp.example.com/alice.png", "https://idp.example.com/alice.png")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("data:image/svg+xml,<svg/>", null)]
    public void The_avatar_shows_the_providers_picture_over_the_initial_and_only_an_http_one(string picture, string? shown)
    {
        Authorization.SetAuthorized("Alice Liddell").SetClaims(
            new System.Security.Claims.Claim("name", "Alice Liddell"),
            new System.Security.Claims.Claim("picture", picture));
        var avatar = Render<UserAvatar>(p => p.Add(a => a.User, new UserView(
            new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new("name", "Alice Liddell"), new("picture", picture)], "test")))));

        Assert.Equal("A", avatar.Find(".user-avatar-initial").TextContent);
        Assert.Equal(shown, avatar.FindAll("img[data-avatar]").SingleOrDefault()?.GetAttribute("src"));
    }

    [Fact]
    public async Task A_sign_in_error_appears_above_the_page_takes_focus_offers_Try_again_and_stays_until_dismissed()
    {
        var bridge = Render<AuthBridge>();
        await bridge.InvokeAsync(() => SignIn.OnSignInFailed("demo", "PopupClosed"));

        bridge.WaitForAssertion(() =>
            Assert.Contains("The Demo sign-in window was closed before sign-in finished.", bridge.Find("[data-testid=sign-in-message]").TextContent));
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "Blazor._internal.domWrapper.focus");
        Assert.Equal("demo", bridge.Find("[data-testid=sign-in-retry]").GetAttribute("data-blazorauth-signin"));
        Assert.Empty(bridge.FindAll("[data-testid=sign-in-detail]"));

        // No timer takes it away; only the user does, or a new sign-in.
        await Task.Delay(50);
        Assert.NotEmpty(bridge.FindAll("[data-testid=sign-in-message]"));
        await bridge.InvokeAsync(() => bridge.Find(".mud-alert-close button").Click());
        Assert.Empty(bridge.FindAll("[data-testid=sign-in-message]"));

        await bridge.InvokeAsync(() => SignIn.OnSignInFailed("demo", "Timeout"));
        bridge.WaitForAssertion(() => Assert.Contains("Sign-in with Demo took too long and was stopped.", bridge.Markup));
        await bridge.InvokeAsync(() => SignIn.OnSignInStarted("demo"));
        bridge.WaitForAssertion(() => Assert.Empty(bridge.FindAll("[data-testid=sign-in-message]")));
    }

    [Fact]
    public async Task A_denied_consent_says_so_in_one_sentence_naming_the_provider_with_the_code_only_in_the_details()
    {
        var bridge = Render<AuthBridge>();
        var message = """{"type":"authorization_response","error":{"name":"ProviderError","message":"Sign-in failed: the provider did not sign you in. The provider said: access_denied: The user denied access."}}""";
        await bridge.InvokeAsync(() => SignIn.OnAuthorizationResponse("demo", message, 0));

        bridge.WaitForAssertion(() => Assert.NotEmpty(bridge.FindAll("[data-testid=sign-in-message]")));
        var box = bridge.Find("[data-testid=sign-in-message]");
        var detail = bridge.Find("[data-testid=sign-in-detail]");
        Assert.Equal("You chose not to sign in with Demo.", box.QuerySelector(".mud-alert-message > span")!.TextContent.Trim());
        Assert.Contains("ProviderError: Sign-in failed: the provider did not sign you in. The provider said: access_denied", detail.TextContent);
        Assert.Equal("details", detail.TagName.ToLowerInvariant());
        Assert.Equal("demo", bridge.Find("[data-testid=sign-in-retry]").GetAttribute("data-blazorauth-signin"));
    }

    [Theory]
    [InlineData("ProviderError", "Demo did not sign you in.", true)]
    [InlineData("InvalidState", "Sign-in with Demo expired or was interrupted before it finished.", true)]
    [InlineData("ProviderUnavailable", "Demo could not be reached; please try again in a moment.", true)]
    [InlineData("SignInRefused", "Your Demo account may not use this app.", false)]
    [InlineData("SignInMisconfigured", "Sign-in with Demo is not set up correctly; please tell the site's operator.", false)]
    public async Task Each_server_error_reads_as_one_sentence_with_the_providers_name(string name, string sentence, bool retry)
    {
        var bridge = Render<AuthBridge>();
        var message = $$$"""{"type":"authorization_response","error":{"name":"{{{name}}}","message":"whatever the server said"}}""";
        await bridge.InvokeAsync(() => SignIn.OnAuthorizationResponse("demo", message, 0));

        bridge.WaitForAssertion(() => Assert.NotEmpty(bridge.FindAll("[data-testid=sign-in-message]")));
        Assert.Equal(sentence, bridge.Find("[data-testid=sign-in-message] .mud-alert-message > span").TextContent.Trim());
        Assert.Equal(retry, bridge.FindAll("[data-testid=sign-in-retry]").Count == 1);
        Assert.Contains(name, bridge.Find("[data-testid=sign-in-detail]").TextContent);
    }

    [Fact]
    public async Task A_provider_error_keeps_the_servers_words_as_detail_and_never_renders_markup()
    {
        var bridge = Render<AuthBridge>();
        var message = """{"type":"authorization_response","error":{"name":"ProviderError","message":"Sign-in failed: the provider did not sign you in. The provider said: <b>nope</b>"}}""";
        await bridge.InvokeAsync(() => SignIn.OnAuthorizationResponse("demo", message, 0));

        bridge.WaitForAssertion(() => Assert.Contains("&lt;b&gt;nope&lt;/b&gt;", bridge.Find("[data-testid=sign-in-detail]").InnerHtml));
        Assert.Empty(bridge.FindAll("b"));
    }

    [Fact]
    public async Task An_unknown_error_name_shows_a_generic_message_not_the_relayed_text()
    {
        var bridge = Render<AuthBridge>();
        var message = """{"type":"authorization_response","error":{"name":"Whatever","message":"Call 555-0100 to restore your account"}}""";
        await bridge.InvokeAsync(() => SignIn.OnAuthorizationResponse("demo", message, 0));

        bridge.WaitForAssertion(() => Assert.Contains("Sign-in with Demo did not finish.", bridge.Markup));
        Assert.DoesNotContain("555-0100", bridge.Markup);
    }

    [Theory]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("%2F%09%2Fevil.example%2Fphish")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("%2F%0A%2Fevil.example")]
    [InlineData("https%3A%2F%2Fevil.example")]
    public void The_bridge_does_not_follow_a_return_url_that_leaves_the_app(string returnUrl)
    {
        SignInAsAlice();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?returnUrl=" + returnUrl);
        Render<SignInBridge>();
        Assert.Equal("http://localhost/?returnUrl=" + returnUrl, navigation.Uri);
    }

    [Fact]
    public void The_bridge_follows_a_return_url_only_on_the_sign_in_page()
    {
        SignInAsAlice();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/providers?returnUrl=%2Faccount");
        Render<SignInBridge>();
        Assert.Equal("http://localhost/providers?returnUrl=%2Faccount", navigation.Uri);
    }

    [Fact]
    public void Signed_out_on_the_sign_in_page_the_bridge_says_why_and_returns_once_signed_in()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?returnUrl=%2Faccount%3Ftab%3Dsessions");
        var bridge = Render<SignInBridge>();
        Assert.Contains("only for signed-in users", bridge.Find(".blazorauth-reason").TextContent);
        Assert.Equal("http://localhost/?returnUrl=%2Faccount%3Ftab%3Dsessions", navigation.Uri);

        SignInAsAlice();
        bridge.WaitForAssertion(() => Assert.Equal("http://localhost/account?tab=sessions", navigation.Uri));
    }

    [Theory]
    [InlineData("%2Faccount", "http://localhost/account")]
    [InlineData("%2Fcaf%C3%A9", "http://localhost/caf%C3%A9")]
    public void The_bridge_returns_a_signed_in_user_to_a_local_return_url(string returnUrl, string expected)
    {
        SignInAsAlice();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?returnUrl=" + returnUrl);
        Render<SignInBridge>();
        Assert.Equal(expected, navigation.Uri);
    }

    [Fact]
    public void The_account_page_lists_the_claims()
    {
        SignInAsAlice();
        var page = Render<Account>();
        Assert.Equal("Alice Liddell", page.Find("[data-testid=profile-name]").TextContent);
        Assert.Contains("alice-1", page.Find("[data-testid=claims]").TextContent);
        Assert.Contains("Checking the session", page.Find("[data-testid=token-countdown]").TextContent);
    }

    [Theory]
    [InlineData(0, "expired")]
    [InlineData(59, "00:59")]
    [InlineData(3599, "59:59")]
    [InlineData(3661, "1:01:01")]
    public void The_countdown_reads_as_minutes_and_seconds(int seconds, string expected) =>
        Assert.Equal(expected, TokenCountdown.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void The_layout_renders_the_app_bar()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "body"))));
        Assert.Contains("BlazorAuth", layout.Find(".mud-appbar").TextContent);
        Assert.Contains("body", layout.Markup);
    }
}
