using System.Net;
using System.Web;
using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>The providers page shows configuration and diagnostics: open in Development, for listed operators elsewhere.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class OperatorPageTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    private const string CallbackUrl = "https://app.example.com/auth/fake/handler/frame";

    [Fact]
    public async Task Outside_development_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_and_sees_no_configuration()
    {
        await using var app = Production(operators: "fake@example.test");
        var response = await app.CreateAppClient().GetAsync("/providers");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?returnUrl=%2Fproviders", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(CallbackUrl, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Outside_development_a_signed_in_user_who_is_not_an_operator_is_refused()
    {
        await using var app = Production(operators: "fake:someone-else");
        var client = await SignInAsync(app);
        var response = await client.GetAsync("/providers");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(CallbackUrl, page);

        // Said as what it is: the page exists, and this account may not see it.
        Assert.Contains("Your account may not see this page.", page);
        Assert.DoesNotContain("Not found", page);
    }

    [Theory]
    [InlineData("fake@example.test")]
    [InlineData("fake:user-1")]
    public async Task Outside_development_a_listed_operator_sees_the_page(string entry)
    {
        await using var app = Production(operators: entry);
        var client = await SignInAsync(app);
        var response = await client.GetAsync("/providers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(CallbackUrl, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_operator_named_by_an_email_the_provider_did_not_verify_is_refused()
    {
        Provider.IdTokenClaims = claims => claims["email_verified"] = false;
        Provider.UserInfoClaims = claims => claims["email_verified"] = false;
        await using var app = Production(operators: "fake@example.test");
        var client = await SignInAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/providers")).StatusCode);
    }

    [Fact]
    public async Task In_development_the_page_is_open()
    {
        var response = await App.CreateAppClient().GetAsync("/providers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(CallbackUrl, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_forged_callback_writes_nothing_into_the_diagnostics()
    {
        var diagnostics = App.Services.GetRequiredService<SignInDiagnostics>();
        var before = diagnostics.LastOutcome("post");

        var someoneElses = HttpUtility.ParseQueryString((await App.CreateAppClient().GetAsync("/auth/post/start")).Headers.Location!.Query)["state"];
        var forger = App.CreateAppClient();
        await forger.GetAsync("/auth/post/handler/frame?error=access_denied&state=forged");
        await forger.GetAsync($"/auth/post/handler/frame?error=access_denied&state={someoneElses}&iss={Iss}");
        await forger.GetAsync("/auth/post/handler/frame?code=c");

        Assert.Equal(before, diagnostics.LastOutcome("post"));
    }

    private FakeProviderAppFactory Production(string operators) => new(Provider, builder =>
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Auth:Operators:0", operators);
    });

    private async Task<AppClient> SignInAsync(FakeProviderAppFactory app)
    {
        var client = app.CreateAppClient();
        var start = await client.GetAsync("/auth/fake/start");
        var query = HttpUtility.ParseQueryString(start.Headers.Location!.Query);
        Provider.Nonce = query["nonce"];
        var frame = await client.GetAsync($"/auth/fake/handler/frame?code=c-op&state={query["state"]}&iss={Iss}");
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        return client;
    }
}
