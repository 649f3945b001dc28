using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>A provider's logo is checked at start-up: a URL the page can load, never a script or another site's path trick.</summary>
public sealed class ProviderLogoTests
{
    [Theory]
    [InlineData("/img/acme.svg")]
    [InlineData("https://cdn.example.com/acme.png")]
    [InlineData("http://localhost:5081/logo.svg")]
    public void A_logo_on_this_app_or_at_an_http_url_is_accepted(string logo) =>
        Assert.Null(StartupValidation.ErrorsFor(Settings(logo)));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/svg+xml,<svg/>")]
    [InlineData("//evil.example.com/x.svg")]
    [InlineData("/\\evil.example.com/x.svg")]
    [InlineData("https://user:pass@cdn.example.com/x.svg")]
    [InlineData("img/acme.svg")]
    public void Anything_else_stops_the_app_at_start_up_saying_which_setting(string logo) =>
        Assert.Contains("Auth:Providers:p:LogoUrl must be", StartupValidation.ErrorsFor(Settings(logo)));

    private static Dictionary<string, string?> Settings(string logo) => new()
    {
        ["Auth:PublicOrigin"] = "https://app.example.com",
        ["Auth:Providers:p:Type"] = "oidc",
        ["Auth:Providers:p:Authority"] = "https://idp.example.com",
        ["Auth:Providers:p:ClientId"] = "c",
        ["Auth:Providers:p:LogoUrl"] = logo,
    };
}
