using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>A signed-out request for a protected page goes to the sign-in page, carrying the page to come back to.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class SignInChallengeTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Fact]
    public async Task The_challenge_keeps_the_pages_query_and_goes_to_the_configured_sign_in_path_under_the_path_base()
    {
        await using var app = new FakeProviderAppFactory(Provider, builder =>
        {
            builder.UseSetting("Auth:SignInPath", "/welcome");
            builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter>(_ => new PathBase("/app")));
        });

        var response = await app.CreateAppClient().GetAsync("/app/account?tab=sessions");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/app/welcome?returnUrl=%2Fapp%2Faccount%3Ftab%3Dsessions", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("welcome")]
    [InlineData("//evil.example")]
    [InlineData("/sign-in?x=1")]
    public void A_sign_in_path_that_is_not_a_path_on_the_app_stops_it_at_start_up(string path) =>
        Assert.Contains("Auth:SignInPath must be", StartupValidation.ErrorsFor(new Dictionary<string, string?>
        {
            ["Auth:PublicOrigin"] = "https://app.example.com",
            ["Auth:SignInPath"] = path,
        }));

    private sealed class PathBase(string pathBase) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UsePathBase(pathBase);
            next(app);
        };
    }
}
