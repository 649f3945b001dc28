using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Components;

/// <summary>What the showcase's router shows where a page's authorization fails: a way in for a visitor, and for a signed-in user whose account may not see the page, that, rather than a sign-in prompt.</summary>
public sealed class NotAuthorizedTests : ComponentTestContext
{
    [Fact]
    public void A_signed_in_user_without_the_operators_policy_is_told_the_page_is_not_for_their_account()
    {
        SignInAsAlice();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/providers");

        var routes = Render<BlazorAuth.App.Routes>();

        routes.WaitForAssertion(() => Assert.Contains("Your account may not see this page.", routes.Find("[data-testid=not-for-your-account]").TextContent));
        Assert.Empty(routes.FindAll("[data-testid=sign-in-required]"));
    }

    [Fact]
    public void A_visitor_is_asked_to_sign_in()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/providers");

        var routes = Render<BlazorAuth.App.Routes>();

        routes.WaitForAssertion(() => Assert.NotNull(routes.Find("[data-testid=sign-in-required]")));
        Assert.Empty(routes.FindAll("[data-testid=not-for-your-account]"));
    }
}
