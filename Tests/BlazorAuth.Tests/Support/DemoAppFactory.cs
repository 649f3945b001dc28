using Microsoft.AspNetCore.Hosting;
using BlazorAuth.Auth.Providers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The app with zero provider configuration, so it runs the embedded OpenIddict demo provider on a real
/// Kestrel port of its own; the app itself runs on the test server, or on Kestrel for the browser tests.
/// </summary>
public class DemoAppFactory : WebApplicationFactory<Program>
{
    public DemoAppFactory(bool kestrel = false)
    {
        DemoUrl = $"http://127.0.0.1:{FreePort.Next()}";
        if (kestrel)
        {
            var port = FreePort.Next();
            AppOrigin = $"http://localhost:{port}";
            UseKestrel(port);
        }
    }

    public string DemoUrl { get; }

    public string AppOrigin { get; } = "http://localhost";

    public LogCapture Logs { get; } = new();

    /// <summary>Starts the app and waits until the demo provider's metadata is loaded, as it is once the app is up.</summary>
    public async Task StartAsync()
    {
        StartServer();
        await Services.GetRequiredService<AuthProviderRegistry>().All.Single().GetAuthorizeTargetAsync(CancellationToken.None);
    }

    public AppClient CreateAppClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DemoIdentityProvider:Url", DemoUrl);
        builder.UseSetting("Auth:PublicOrigin", AppOrigin);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
