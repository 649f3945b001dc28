using System.Diagnostics;
using System.Net.Sockets;

namespace BlazorAuth.Tests.Support;

/// <summary>Debian's nginx on a free loopback port, with the repository's own scale-out configuration in front of two instances.</summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly string _directory = TempDirectory.Create();
    private Process? _process;

    public NginxServer(int instanceA, int instanceB)
    {
        var template = File.ReadAllText(Path.Combine(RepositoryRoot(), "scale-out", "nginx.conf.template"));
        File.WriteAllText(Path.Combine(_directory, "nginx.conf"), template
            .Replace("@WORK@", _directory, StringComparison.Ordinal)
            .Replace("@PORT@", Port.ToString(), StringComparison.Ordinal)
            .Replace("@A@", instanceA.ToString(), StringComparison.Ordinal)
            .Replace("@B@", instanceB.ToString(), StringComparison.Ordinal));
    }

    public int Port { get; } = FreePort.Next();

    public string Origin => $"http://localhost:{Port}";

    public async Task StartAsync()
    {
        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        _process = Process.Start(new ProcessStartInfo(nginx, ["-c", Path.Combine(_directory, "nginx.conf"), "-p", _directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Waits out nginx's pause after an instance failed, until a page comes back through it.</summary>
    public async Task WaitUntilServingAsync()
    {
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetAsync(Origin + "/healthz")).StatusCode != System.Net.HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        TempDirectory.Delete(_directory);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BlazorAuth.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }
}
