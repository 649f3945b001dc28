using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The base of every app the suite starts, so that SECURITY-CASES 42 holds over the whole suite: each app logs at
/// the verbose levels an operator chasing a problem might set, keeps every line, and when it stops its lines are
/// scanned for codes, states, tokens, sealed payloads and credentials. A leak fails the test (or the fixture) that
/// owned the app.
/// </summary>
public class ScannedAppFactory(Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    public LogCapture Logs { get; } = new();

    /// <summary>Secrets of this app beyond those <see cref="LeakedSecrets"/> knows, such as a per-run client secret.</summary>
    protected virtual IEnumerable<string> OwnSecrets() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:BlazorAuth", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:System.Net.Http.HttpClient", "Trace");
        builder.UseSetting("Logging:LogLevel:Polly", "Information");
        builder.UseSetting("Logging:LogLevel:OpenIddict", "Information");
        // Only the capture: at these levels the console logger would cost more than the tests themselves.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs));
        configure?.Invoke(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        var ownSecrets = OwnSecrets().ToList();
        await base.DisposeAsync();
        var leaks = LeakedSecrets.Find(Logs.Lines, ownSecrets);
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException(
                $"{leaks.Count} log line(s) of this app carry a secret (SECURITY-CASES 42):\n" + string.Join("\n", leaks.Take(10)));
        }
    }
}
