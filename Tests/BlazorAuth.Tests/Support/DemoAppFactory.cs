using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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
