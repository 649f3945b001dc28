using Microsoft.AspNetCore.Hosting;

namespace BlazorAuth.Tests.Support;

/// <summary>An <c>oauth2</c> provider <c>p</c> that needs no network to start a sign-in: for tests of what sits in front of the routes.</summary>
internal static class PlainOAuth2Provider
{
    public static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:Providers:p:Type", "oauth2");
        builder.UseSetting("Auth:Providers:p:AuthorizationEndpoint", "https://idp.example.com/authorize");
        builder.UseSetting("Auth:Providers:p:TokenEndpoint", "https://idp.example.com/token");
        builder.UseSetting("Auth:Providers:p:UserInfoEndpoint", "https://idp.example.com/user");
        builder.UseSetting("Auth:Providers:p:ClientId", "c");
    }
}
