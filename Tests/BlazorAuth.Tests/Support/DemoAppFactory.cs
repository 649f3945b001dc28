using BlazorAuth.Auth.Providers;
using BlazorAuth.DemoIdentityProvider;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The app with zero provider configuration, so it runs the embedded OpenIddict demo provider on a real
/// Kestrel port of its own; the app itself runs on the test server, or on Kestrel for the browser tests.
/// </summary>
public class DemoAppFactory : ScannedAppFactory
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">More configuration, such as further providers beside the demo one.</param>
    /// <param name="dataDirectory">Another app's data directory, to start this one on its store, keys and demo provider.</param>
    public DemoAppFactory(bool kestrel = false, IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null, int? port = null, int? demoPort = null)
        : base(dataDirectory: dataDirectory)
    {
        _settings = settings ?? new Dictionary<string, string>();
        DemoUrl = $"http://127.0.0.1:{demoPort ?? FreePort.Next()}";
        if (kestrel)
        {
            var appPort = port ?? FreePort.Next();
            AppOrigin = $"http://localhost:{appPort}";
            UseKestrel(appPort);
        }
    }

    public string DemoUrl { get; }

    public string AppOrigin { get; } = "http://localhost";

    /// <summary>Starts the app and waits until the demo provider's metadata is loaded, as it is once the app is up.</summary>
    public async Task StartAsync()
    {
        StartServer();
        Services.GetRequiredService<AuthProviderRegistry>().TryGet("demo", out var demo);
        await ((IAuthorizationCodeSignIn)demo!).GetAuthorizeTargetAsync(CancellationToken.None);
    }

    public AppClient CreateAppClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));

    /// <summary>The demo provider's client secret for this app, known here so that its logs can be checked for it.</summary>
    public DemoClientSecret ClientSecret { get; } = new();

    protected override IEnumerable<string> OwnSecrets() => [ClientSecret.Value];

    /// <summary>Configures another app (an instance of a scale-out) to sign in as <c>demo</c> through this app's demo provider.</summary>
    public void SignInThroughMyDemoProvider(IWebHostBuilder other)
    {
        other.UseEnvironment("Development");
        other.UseSetting("DemoIdentityProvider:Enabled", "false");
        other.UseSetting("Auth:Providers:demo:Type", "oidc");
        other.UseSetting("Auth:Providers:demo:DisplayName", "Demo");
        other.UseSetting("Auth:Providers:demo:Authority", DemoUrl);
        other.UseSetting("Auth:Providers:demo:ClientId", DemoIdentityProviderOptions.ClientId);
        other.UseSetting("Auth:Providers:demo:ClientSecret", ClientSecret.Value);
        other.UseSetting("Auth:Providers:demo:Scopes", "openid profile email offline_access");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("DemoIdentityProvider:Url", DemoUrl);
        builder.UseSetting("Auth:PublicOrigin", AppOrigin);
        builder.ConfigureTestServices(services => services.AddSingleton(ClientSecret));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
