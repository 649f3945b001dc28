using BlazorAuth.Auth.Components;
using Bunit;

namespace BlazorAuth.Tests.Components;

/// <summary>The library's unstyled bridge, as a host without its own failure display shows it.</summary>
public sealed class SignInBridgeTests : ComponentTestContext
{
    [Fact]
    public async Task A_blocked_popup_offers_to_continue_in_this_tab()
    {
        var bridge = Render<SignInBridge>();
        await SignIn.InitializeAsync();

        await bridge.InvokeAsync(() => SignIn.OnSignInFailed("demo", "PopupBlocked"));
        var alert = bridge.WaitForElement("[role=alert]");
        Assert.Contains("Your browser blocked the Demo sign-in window; you can sign in in this tab instead.", alert.TextContent, StringComparison.Ordinal);

        await bridge.FindAll("button").Single(b => b.TextContent == "Continue in this tab").ClickAsync(new());
        Assert.Equal("demo", Module.VerifyInvoke("continueInThisTab").Arguments[0]);
    }

    [Fact]
    public async Task Any_other_failure_offers_no_way_round_the_popup()
    {
        var bridge = Render<SignInBridge>();
        await SignIn.InitializeAsync();

        await bridge.InvokeAsync(() => SignIn.OnSignInFailed("demo", "PopupClosed"));

        bridge.WaitForElement("[role=alert]");
        Assert.DoesNotContain(bridge.FindAll("button"), b => b.TextContent == "Continue in this tab");
    }

    [Fact]
    public void The_librarys_sign_in_button_goes_away_once_signed_in_unless_asked_to_stay()
    {
        Assert.Equal("Continue with Demo", Render<SignInButton>(p => p.Add(b => b.Provider, "demo")).Find("button").TextContent.Trim());

        SignInAsAlice();
        Assert.Empty(Render<SignInButton>(p => p.Add(b => b.Provider, "demo")).FindAll("button"));
        Assert.Single(Render<SignInButton>(p => p.Add(b => b.Provider, "demo").Add(b => b.ShowWhenSignedIn, true)).FindAll("button"));
    }
}
