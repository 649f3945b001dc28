using System.Net;
using BlazorAuth.Auth.Endpoints;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

/// <summary>The one return-path rule, and the routes that follow a return path with it.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class ReturnPathTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    public static TheoryData<string> Leaving => new()
    {
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "/\t/evil.example/phish",
        "/\n/evil.example",
        "/\r/evil.example",
        "/\0/evil.example",
        "/x\\..\\..\\evil",
        "/%2f%2fevil.example",
        "/%2F/evil.example",
        "/%5cevil.example",
        "/%09/evil.example",
        "/%0a",
        "/%7F",
        "/%",
        "/%zz",
        "",
        "account",
    };

    [Theory]
    [MemberData(nameof(Leaving))]
    public void A_path_that_could_leave_the_app_is_refused(string value) => Assert.Null(ReturnPath.Normalize(value));

    [Fact]
    public void A_lone_surrogate_is_refused() => Assert.Null(ReturnPath.Normalize("/\ud800x"));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/account", "/account")]
    [InlineData("/account?tab=sessions#list", "/account?tab=sessions#list")]
    [InlineData("/café", "/caf%C3%A9")]
    [InlineData("/caf%C3%A9", "/caf%C3%A9")]
    [InlineData("/a b\"<>", "/a%20b%22%3C%3E")]
    [InlineData("/\u2028", "/%E2%80%A8")]
    [InlineData("/😀", "/%F0%9F%98%80")]
    [InlineData("/search?q=a:b@c", "/search?q=a:b@c")]
    public void A_local_path_comes_back_in_plain_ascii(string value, string expected) => Assert.Equal(expected, ReturnPath.Normalize(value));

    [Theory]
    [MemberData(nameof(Leaving))]
    public async Task Start_refuses_a_return_url_that_leaves_the_app(string returnUrl)
    {
        var response = await App.CreateAppClient().GetAsync("/auth/fake/start?flow=redirect&returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(CookieJar.SetCookies(response));
    }

    [Theory]
    [InlineData("%2Faccount", "/account")]
    [InlineData("%2Fcaf%C3%A9", "/caf%C3%A9")]
    public async Task A_redirect_flow_signs_in_and_returns_to_the_path_without_posting(string returnUrl, string location)
    {
        var started = await StartAsync(query: "?flow=redirect&returnUrl=" + returnUrl);
        var response = await CompleteAsync(started);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
        Assert.Contains(started.Client.Jar.Cookies.Keys, k => k.StartsWith("__Host-fake-session", StringComparison.Ordinal));
    }
}
