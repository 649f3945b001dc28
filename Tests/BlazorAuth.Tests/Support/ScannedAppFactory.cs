using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The base of every app the suite starts, so that case 42 of docs/threat-model.md holds over the whole suite: each app logs at
/// the verbose levels an operator chasing a problem might set, keeps every line, and its lines are scanned for codes,
/// states, tokens, sealed payloads and credentials after every test (<see cref="FailOnLeakedSecretsAttribute"/>), so a
/// leak is a failed test in the summary, and once more when the app stops.
/// </summary>
public class ScannedAppFactory : WebApplicationFactory<Program>
{
    private static readonly ConcurrentDictionary<ScannedAppFactory, bool> Live = new();
    private readonly Action<IWebHostBuilder>? _configure;
    private readonly Lock _scan = new();
    private int _scanned;

    private readonly bool _ownsDataDirectory;

    /// <param name="dataDirectory">Where the app keeps its store and keys: another app's, to start it again on them; by
    /// default a fresh directory, deleted when the app stops.</param>
    public ScannedAppFactory(Action<IWebHostBuilder>? configure = null, string? dataDirectory = null)
    {
        _configure = configure;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? TempDirectory.Create();
        Live[this] = true;
    }

    public string DataDirectory { get; }

    /// <summary>Keeps the data directory when the app stops, for another app to start on it.</summary>
    public bool KeepDataDirectory { get; set; }

    public LogCapture Logs { get; } = new();

    /// <summary>
    /// Leaves this app out of the scans after each test, for a test that makes its app leak on purpose: its lines are
    /// then its own to check, and no test running beside it fails for them.
    /// </summary>
    public void LeaveOutOfScansAfterEachTest() => Live.TryRemove(this, out _);

    /// <summary>The leaks in the lines of every running app that no earlier scan has seen, each named by its app.</summary>
    public static IReadOnlyList<string> TakeNewLeaksOfLiveApps() =>
        [.. Live.Keys.SelectMany(app => app.TakeNewLeaks().Select(leak => $"{app.GetType().Name}: {leak}"))];

    /// <summary>Scans the lines logged since the last scan.</summary>
    public IReadOnlyList<string> TakeNewLeaks()
    {
        lock (_scan)
        {
            var lines = Logs.Lines.Skip(_scanned).ToList();
            _scanned += lines.Count;
            return lines.Count == 0 ? [] : LeakedSecrets.Find(lines, OwnSecrets().ToList());
        }
    }

    /// <summary>Secrets of this app beyond those <see cref="LeakedSecrets"/> knows, such as a per-run client secret.</summary>
    protected virtual IEnumerable<string> OwnSecrets() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:DataDirectory", DataDirectory);
        builder.UseSetting("Logging:LogLevel:BlazorAuth", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:System.Net.Http.HttpClient", "Trace");
        builder.UseSetting("Logging:LogLevel:Polly", "Information");
        builder.UseSetting("Logging:LogLevel:OpenIddict", "Information");
        // Only the capture: at these levels the console logger would cost more than the tests themselves.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs));
        _configure?.Invoke(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        var ownSecrets = OwnSecrets().ToList();
        await base.DisposeAsync();
        Live.TryRemove(this, out _);
        if (_ownsDataDirectory && !KeepDataDirectory)
        {
            TempDirectory.Delete(DataDirectory);
        }

        IReadOnlyList<string> leaks;
        lock (_scan)
        {
            leaks = LeakedSecrets.Find(Logs.Lines.Skip(_scanned), ownSecrets);
            _scanned = Logs.Lines.Count;
        }

        if (leaks.Count > 0)
        {
            throw new InvalidOperationException(
                $"{leaks.Count} log line(s) of this app carry a secret (docs/threat-model.md, case 42):\n" + string.Join("\n", leaks.Take(10)));
        }
    }
}
