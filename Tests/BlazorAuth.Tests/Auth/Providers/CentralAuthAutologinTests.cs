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
/// browser through the other's callback with the same state. A hop cannot prove it is the browser that started
/// the sign-in, so it signs no one in: it is checked, spent once on its origin, and sent on.
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
    public async Task A_hop_on_the_sibling_origin_goes_on_without_redeeming_its_code_or_starting_a_session()
    {
        var (state, _, _) = await StartOnAAsync();
        var onB = Client(_appB, OriginB);
        var hopCode = _centralAuth.IssueHopCode(OriginB + "/auth/ca/handler/frame");

        var hop = await onB.GetAsync($"/auth/ca/handler/frame?code={hopCode}&state={state}&return_to={Uri.EscapeDataString(OriginA + "/welcome")}");

        Assert.Equal(HttpStatusCode.Redirect, hop.StatusCode);
        Assert.Equal(OriginA + "/welcome", hop.Headers.Location!.AbsoluteUri);
        CookieAssert.NothingStored(hop, "ca");
        Assert.DoesNotContain(_centralAuth.VerifyRequests, r => r["code"] == hopCode);
    }

    [Fact]
    public async Task A_hop_url_handed_to_a_victim_signs_nobody_in_and_leaves_the_victims_session_alone()
    {
        // The victim is signed in on B as themselves.
        var victim = Client(_appB, OriginB);
        var victimStart = await victim.GetAsync("/auth/ca/start");
        var victimLogin = await _browserAtCentralAuth.GetAsync(victimStart.Headers.Location);
        var victimCallback = victimLogin.Headers.Location!;
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync(victimCallback.PathAndQuery)).StatusCode);
        var victimSession = victim.Jar.Cookies.Where(c => c.Key.StartsWith("__Host-ca-session", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(victimSession);

        // The attacker starts on A, signs in at CentralAuth as themselves and keeps the hop URL for B.
        var (attackerState, _, _) = await StartOnAAsync();
        var hopUrl = $"/auth/ca/handler/frame?code={_centralAuth.IssueHopCode(OriginB + "/auth/ca/handler/frame")}&state={attackerState}";
        var verifies = _centralAuth.VerifyRequests.Count;

        var hop = await victim.GetAsync(hopUrl);

        Assert.DoesNotContain(CookieJar.SetCookies(hop), c => c.Name.Value!.StartsWith("__Host-ca-session", StringComparison.Ordinal));
        Assert.Equal(verifies, _centralAuth.VerifyRequests.Count);
        Assert.Equal(victimSession, victim.Jar.Cookies.Where(c => c.Key.StartsWith("__Host-ca-session", StringComparison.Ordinal)).ToList());
        Assert.Equal(HttpStatusCode.OK, (await victim.AppCallAsync(HttpMethod.Post, "/auth/ca/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_hop_state_is_spent_once_on_each_origin_and_the_starting_origin_still_completes()
    {
        var (state, onA, loginUrl) = await StartOnAAsync();
        var hopUrl = $"/auth/ca/handler/frame?code={_centralAuth.IssueHopCode(OriginB + "/auth/ca/handler/frame")}&state={state}";
        Assert.Equal(HttpStatusCode.Redirect, (await Client(_appB, OriginB).GetAsync(hopUrl)).StatusCode);

        var again = await Client(_appB, OriginB).GetAsync(hopUrl);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(again)).ErrorName);

        // CentralAuth ends the chain on the origin that started it, where the binding cookie and PKCE hold.
        var login = await _browserAtCentralAuth.GetAsync(loginUrl);
        var callback = await onA.GetAsync(login.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains(onA.Jar.Cookies.Keys, k => k.StartsWith("__Host-ca-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hop_goes_on_only_to_the_apps_origins_or_centralauth()
    {
        var (state, _, _) = await StartOnAAsync();
        var onB = Client(_appB, OriginB);
        var hop = await onB.GetAsync(
            $"/auth/ca/handler/frame?code={_centralAuth.IssueHopCode(OriginB + "/auth/ca/handler/frame")}&state={state}&return_to={Uri.EscapeDataString("https://evil.example/steal")}");
        Assert.Equal("/", hop.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task On_the_origin_that_started_it_the_binding_cookie_is_still_required()
    {
        var (state, _, _) = await StartOnAAsync();
        var otherBrowserOnA = Client(_appA, OriginA);
        var response = await otherBrowserOnA.GetAsync($"/auth/ca/handler/frame?code={_centralAuth.IssueHopCode(OriginA + "/auth/ca/handler/frame")}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        CookieAssert.NothingStored(response, "ca");
    }

    [Fact]
    public async Task An_origin_not_named_as_a_sibling_gets_no_hop()
    {
        await using var appC = App("https://c.example.com", OriginB);
        var (state, _, _) = await StartOnAAsync();
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

    /// <returns>The state, the browser on A that holds its binding cookie, and CentralAuth's login URL.</returns>
    private async Task<(string State, AppClient Client, Uri Login)> StartOnAAsync()
    {
        var onA = Client(_appA, OriginA);
        var login = (await onA.GetAsync("/auth/ca/start")).Headers.Location!;
        return (HttpUtility.ParseQueryString(login.Query)["state"]!, onA, login);
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
