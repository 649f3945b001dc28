using System.Diagnostics;
using System.Text;
using BlazorAuth.DemoIdentityProvider;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The minimal Blazor Server host (Tests/MinimalHost) as a process of its own, as a developer would run it, its
/// <c>AddOpenIdConnect</c> scheme pointed at another app's embedded demo provider.
/// </summary>
public sealed class MinimalHostProcess : IAsyncDisposable
{
    private readonly string _dataDirectory = TempDirectory.Create();
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private MinimalHostProcess(int port, string authority, string clientSecret, string? assembly, IReadOnlyDictionary<string, string>? settings)
    {
        Origin = $"http://localhost:{port}";
        var build = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = build.Parent!.Name;
        var tests = build.Parent.Parent!.Parent!.Parent!.FullName;
        assembly ??= Path.Combine(tests, "MinimalHost", "bin", configuration, build.Name, "MinimalHost.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is not built; the test project builds it (dotnet test BlazorAuth.sln).");
        }

        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = Origin,
                ["Auth__DataDirectory"] = _dataDirectory,
                ["Auth__RoutePrefix"] = RoutePrefix,
                ["Oidc__Authority"] = authority,
                ["Oidc__ClientId"] = DemoIdentityProviderOptions.ClientId,
                ["Oidc__ClientSecret"] = clientSecret,
                ["Oidc__RequireHttpsMetadata"] = "false",
            },
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Origin { get; }

    /// <summary>Not the default <c>/auth</c>: the host moves the routes, and the browser's side follows.</summary>
    public const string RoutePrefix = "/account/sign-in";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Where the demo provider must let this host's sign-in come back to.</summary>
    public static IReadOnlyDictionary<string, string> DemoProviderSettingsFor(int port) => new Dictionary<string, string>
    {
        ["DemoIdentityProvider:OtherRedirectUris:0"] = $"http://localhost:{port}{RoutePrefix}/oidc/handler/frame",
        ["DemoIdentityProvider:OtherPostLogoutRedirectUris:0"] = $"http://localhost:{port}{RoutePrefix}/oidc/signed-out",
    };

    /// <summary>Starts the host and waits until it answers its home page.</summary>
    /// <param name="assembly">Another build of the host (PackageTests': against the packed library); by default Tests/MinimalHost's.</param>
    /// <param name="settings">More configuration, as environment variables (<c>ConnectionStrings__Redis</c>).</param>
    public static async Task<MinimalHostProcess> StartAsync(int port, string authority, string clientSecret, string? assembly = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var host = new MinimalHostProcess(port, authority, clientSecret, assembly, settings);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !host._process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(host.Origin + "/")).IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await host.DisposeAsync();
        throw new InvalidOperationException($"The minimal host did not start:\n{host.Output}");
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        TempDirectory.Delete(_dataDirectory);
    }
}
