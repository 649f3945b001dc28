using System.Net;
using System.Web;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>
/// CentralAuth autologin: the app on two origins sharing one key ring; a sign-in started on one sends the
/// browser through the other's callback with the same state. Only such a hop skips the binding cookie.
/// </summary>
public sealed class CentralAuthAutologinTests : IAsyncLifetime
{
    private const string OriginA = "https://a.example.com";
    private const string OriginB = "https://b.example.com";

    private readonly FakeCentralAuth _centralAuth = new();
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("blazorauth-keys-");
    private readonly HttpClient _browserAtCentralAuth = new(new HttpClientHandler { AllowAutoRedirect = false });
    private WebApplicationFactory<Program> _appA = null!;
    private WebApplicationFactory<Program> _appB = null!;

    public async Task InitializeAsync()
    {
        await _centralAuth.StartAsync();
        _appA = App(OriginA, OriginB);
        _appB = App(OriginB, OriginA);
    }

    [Fact]
    public async Task A_hop_on_the_sibling_origin_signs_in_there_without_the_binding_cookie_or_a_verifier()
    {
        var (state, _) = await StartOnAAsync();
        var onB = Client(_appB, OriginB);
        var hopCode = _centralAuth.IssueHopCode(OriginB + "/auth/ca/handler/frame");

        var hop = await onB.GetAsync($"/auth/ca/handler/frame?code={hopCode}&state={state}&return_to={Uri.EscapeDataString(OriginA + "/welcome")}");

        Assert.Equal(HttpStatusCode.Redirect, hop.StatusCode);
        Assert.Equal(OriginA + "/welcome", hop.Headers.Location!.AbsoluteUri);
        CookieAssert.AllHostCookies(hop);
        Assert.Contains(onB.Jar.Cookies.Keys, k => k.StartsWith("__Host-ca-refresh-token", StringComparison.Ordinal));
        Assert.False(_centralAuth.VerifyRequests.Single(r => r["code"] == hopCode).ContainsKey("code_verifier"));
    }

    [Fact]
    public async Task A_hop_goes_on_only_to_the_apps_origins_or_centralauth()
    {
        var (state, _) = await StartOnAAsync();
        var onB = Client(_appB, OriginB);
        var hop = await onB.GetAsync(
            $"/auth/ca/handler/frame?code={_centralAuth.IssueHopCode(OriginB + "/auth/ca/handler/frame")}&state={state}&return_to={Uri.EscapeDataString("https://evil.example/steal")}");
        Assert.Equal("/", hop.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task On_the_origin_that_started_it_the_binding_cookie_is_still_required()
    {
        var (state, _) = await StartOnAAsync();
        var otherBrowserOnA = Client(_appA, OriginA);
        var response = await otherBrowserOnA.GetAsync($"/auth/ca/handler/frame?code={_centralAuth.IssueHopCode(OriginA + "/auth/ca/handler/frame")}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        CookieAssert.NothingStored(response, "ca");
    }

    [Fact]
    public async Task An_origin_not_named_as_a_sibling_gets_no_hop()
    {
        await using var appC = App("https://c.example.com", OriginB);
        var (state, _) = await StartOnAAsync();
        var onC = Client(appC, "https://c.example.com");
        var calls = _centralAuth.VerifyRequests.Count;

        var response = await onC.GetAsync($"/auth/ca/handler/frame?code={_centralAuth.IssueHopCode("https://c.example.com/auth/ca/handler/frame")}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        CookieAssert.NothingStored(response, "ca");
        Assert.Equal(calls, _centralAuth.VerifyRequests.Count);
    }

    public async Task DisposeAsync()
    {
        await _appA.DisposeAsync();
        await _appB.DisposeAsync();
        await _centralAuth.DisposeAsync();
        _keys.Delete(recursive: true);
    }

    private async Task<(string State, AppClient Client)> StartOnAAsync()
    {
        var onA = Client(_appA, OriginA);
        var start = await onA.GetAsync("/auth/ca/start");
        return (HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"]!, onA);
    }

    /// <param name="sibling">The other origin this instance lets hops come from.</param>
    private WebApplicationFactory<Program> App(string origin, string sibling) => new ScannedAppFactory(builder =>
    {
        builder.UseSetting("Auth:PublicOrigin", origin);
        builder.UseSetting("Auth:Providers:ca:Type", "centralauth");
        builder.UseSetting("Auth:Providers:ca:Authority", _centralAuth.Url);
        builder.UseSetting("Auth:Providers:ca:ClientId", FakeCentralAuth.ClientId);
        builder.UseSetting("Auth:Providers:ca:ClientSecret", FakeCentralAuth.ClientSecret);
        builder.UseSetting("Auth:Providers:ca:AutologinOrigins:0", sibling);
        builder.ConfigureTestServices(services =>
            services.AddDataProtection().SetApplicationName("blazorauth-autologin-test").PersistKeysToFileSystem(_keys));
    });

    private static AppClient Client(WebApplicationFactory<Program> app, string origin) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(origin) }));
}
