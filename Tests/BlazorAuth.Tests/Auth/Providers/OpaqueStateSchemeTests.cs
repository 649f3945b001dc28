using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Web;
using BlazorAuth.Auth;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>
/// A remote scheme whose <c>state</c> the frame route cannot read ahead of its handler (as a SAML or WS-Federation
/// handler's), so the <c>__Host-</c> binding is checked on what the handler hands back: a correlation cookie planted
/// from a sibling subdomain still signs nobody in.
/// </summary>
public sealed class OpaqueStateSchemeTests : IAsyncLifetime
{
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            builder.ConfigureTestServices(services =>
            {
                services.AddAuthentication().AddRemoteScheme<OpaqueStateOptions, OpaqueStateHandler>("opaque", "Opaque", _ => { });
                services.AddBlazorAuthScheme("opaque", "opaque", "Opaque");
            });
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_browser_that_started_signs_in_and_one_with_the_attackers_planted_correlation_cookie_is_refused()
    {
        var (browser, callback) = await StartAsync("alice");
        var frame = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Contains(browser.Jar.Cookies.Keys, k => k.StartsWith("__Host-opaque-session", StringComparison.Ordinal));

        var (attacker, attackersCallback) = await StartAsync("mallory");
        var victim = AppClient.At(_app, "https://app.example.com");
        foreach (var (name, value) in attacker.Jar.Cookies.Where(c => c.Key.StartsWith(".AspNetCore.", StringComparison.Ordinal)))
        {
            victim.Jar.Set(name, value);
        }

        var planted = await victim.GetAsync(attackersCallback);

        Assert.Equal(HttpStatusCode.BadRequest, planted.StatusCode);
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(planted)).ErrorName);
        Assert.DoesNotContain(victim.Jar.Cookies.Keys, k => k.StartsWith("__Host-opaque-session", StringComparison.Ordinal));
    }

    /// <summary>A browser that started a sign-in, and the callback the provider would send it back to as <paramref name="user"/>.</summary>
    private async Task<(AppClient Browser, string Callback)> StartAsync(string user)
    {
        var browser = AppClient.At(_app, "https://app.example.com");
        var start = await browser.GetAsync("/auth/opaque/start");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];
        return (browser, $"/auth/opaque/handler/frame?state={state}&user={user}");
    }

    private sealed class OpaqueStateOptions : RemoteAuthenticationOptions
    {
        public OpaqueStateOptions() => CallbackPath = "/signin-opaque";
    }

    /// <summary>Keeps each challenge's properties on the server under a random key: its state is no sealed payload.</summary>
    private sealed class OpaqueStateHandler(IOptionsMonitor<OpaqueStateOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : RemoteAuthenticationHandler<OpaqueStateOptions>(options, logger, encoder)
    {
        private static readonly ConcurrentDictionary<string, AuthenticationProperties> States = new();

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            GenerateCorrelationId(properties);
            var key = Guid.NewGuid().ToString("N");
            States[key] = properties;
            Response.Redirect($"https://idp.example/authorize?state={key}&redirect_uri={Uri.EscapeDataString(BuildRedirectUri(Options.CallbackPath))}");
            return Task.CompletedTask;
        }

        protected override Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
        {
            if (!States.TryGetValue(Request.Query["state"].ToString(), out var properties))
            {
                return Task.FromResult(HandleRequestResult.Fail("Unknown state."));
            }

            if (!ValidateCorrelationId(properties))
            {
                return Task.FromResult(HandleRequestResult.Fail("Correlation failed.", properties));
            }

            var user = Request.Query["user"].ToString();
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, user)], Scheme.Name);
            return Task.FromResult(HandleRequestResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name)));
        }
    }
}
