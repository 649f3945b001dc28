using BlazorAuth.DemoIdentityProvider;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using OpenIddict.Abstractions;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// The app on real Kestrel with its embedded demo provider (oidc), a CentralAuth provider and a scriptable OIDC
/// provider (the fake servers), and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture()
    {
        var settings = new Dictionary<string, string>
        {
            ["DemoIdentityProvider:Enabled"] = "true",
            ["Auth:SessionRevalidationInterval"] = "00:00:01",

            // Every simulated user of these tests comes from the one loopback address.
            ["Auth:RateLimit:Burst"] = "10000",
            ["Auth:RateLimit:PerMinute"] = "60000",
            ["Auth:Providers:ca:Type"] = "centralauth",
            ["Auth:Providers:ca:DisplayName"] = "CentralAuth",
            ["Auth:Providers:ca:Authority"] = CentralAuth.Url,
            ["Auth:Providers:ca:ClientId"] = FakeCentralAuth.ClientId,
            ["Auth:Providers:ca:ClientSecret"] = FakeCentralAuth.ClientSecret,
            ["Auth:Providers:fake:Type"] = "oidc",
            ["Auth:Providers:fake:DisplayName"] = "Fake",
            ["Auth:Providers:fake:Authority"] = Fake.Issuer,
            ["Auth:Providers:fake:ClientId"] = FakeOidcProvider.ClientId,
            ["Auth:Providers:fake:ClientSecret"] = FakeOidcProvider.ClientSecret,
            ["Auth:Providers:fake:RenewWithoutRefreshToken"] = "true",

            // The demo provider once more, through ASP.NET Core's own OpenID Connect handler, from settings alone.
            ["Auth:Providers:framework:Type"] = "aspnet-oidc",
            ["Auth:Providers:framework:DisplayName"] = "ASP.NET Core handler",
            ["Auth:Providers:framework:ClientId"] = BlazorAuth.DemoIdentityProvider.DemoIdentityProviderOptions.ClientId,
            ["Auth:Providers:framework:Scopes"] = "openid profile email offline_access",
        };
        App = new DemoAppFactory(kestrel: true, settings);
        settings["Auth:Providers:framework:Authority"] = App.DemoUrl;
        settings["Auth:Providers:framework:ClientSecret"] = App.ClientSecret.Value;
    }

    public FakeCentralAuth CentralAuth { get; } = new();

    /// <summary>A provider the tests can make misbehave: rotate its keys, withhold refresh tokens.</summary>
    public FakeOidcProvider Fake { get; } = new();

    public DemoAppFactory App { get; }

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await CentralAuth.StartAsync();
        await Fake.StartAsync();
        await App.StartAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(Playwright);
    }

    /// <summary>A fresh browser profile on the app's home page, once its circuit is interactive.</summary>
    public async Task<IPage> OpenAppAsync(string path = "/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 800 } });
        var page = await context.NewPageAsync();
        await GotoAsync(page, path);
        return page;
    }

    public async Task GotoAsync(IPage page, string path = "/")
    {
        await Chromium.GotoReadyAsync(page, App.AppOrigin + path);
    }

    /// <summary>Withdraws the demo provider's grants to the user, so that its next sign-in asks for consent again.</summary>
    public async Task WithdrawGrantsAsync(string userName)
    {
        var demo = App.Services.GetServices<IHostedService>().OfType<DemoIdentityProviderHost>().Single();
        await using var scope = demo.Services!.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(DemoUsers.All.Single(u => u.UserName == userName).Id))
        {
            await authorizations.TryRevokeAsync(authorization);
        }
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
        await CentralAuth.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
