using BlazorAuth.Auth.Sessions;
using BlazorAuth.Components.Auth;
using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Components;

/// <summary>The sign-in buttons: sentence case, the provider's logo or initial, and the last provider used first.</summary>
public sealed class ProviderButtonComponentTests : ComponentTestContext
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Auth:Providers:acme:Type"] = "oidc",
        ["Auth:Providers:acme:DisplayName"] = "acme Corp",
        ["Auth:Providers:acme:Authority"] = "https://127.0.0.1:1",
        ["Auth:Providers:acme:ClientId"] = "client",
        ["Auth:Providers:acme:LogoUrl"] = "/img/acme.svg",
    };

    private readonly PageRequest _request = new();

    public ProviderButtonComponentTests()
        : base(Settings) => Services.AddSingleton<IHttpContextAccessor>(_request);

    [Fact]
    public void Each_button_says_Continue_with_the_providers_name_beside_its_logo_or_initial()
    {
        var buttons = Render<SignInButtons>();
        var demo = buttons.Find("button[data-blazorauth-signin=demo]");
        var acme = buttons.Find("button[data-blazorauth-signin=acme]");

        Assert.Equal("Continue with Demo", ButtonText.Of(demo));
        Assert.Equal("Continue with acme Corp", ButtonText.Of(acme));
        Assert.Equal("D", demo.QuerySelector("[data-testid=provider-mark]")!.TextContent.Trim());
        Assert.Equal("/img/acme.svg", acme.QuerySelector("[data-testid=provider-mark] img")!.GetAttribute("src"));
        Assert.Equal("true", acme.QuerySelector("[data-testid=provider-mark]")!.GetAttribute("aria-hidden"));
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("acme")]
    public void The_provider_this_browser_used_last_comes_first(string last)
    {
        BrowserSends($"{LastProviderCookie.Name}={last}");

        Assert.Equal(last, Render<SignInButtons>().Find("button[data-blazorauth-signin]").GetAttribute("data-blazorauth-signin"));
        Assert.Equal(last, SignIn.SignInChoices.First().Id);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("")]
    [InlineData("Acme")]
    public void A_cookie_naming_no_configured_provider_changes_nothing(string value)
    {
        BrowserSends($"{LastProviderCookie.Name}={value}");

        Assert.Null(SignIn.LastUsedProvider);
        Assert.Equal(SignIn.Providers.Select(p => p.Id), SignIn.SignInChoices.Select(p => p.Id));
    }

    private void BrowserSends(string cookieHeader) => _request.HttpContext!.Request.Headers.Cookie = cookieHeader;

    private sealed class PageRequest : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; } = new DefaultHttpContext();
    }
}
