using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, writing every command to its append-only file before it
/// answers, so it can be killed and started again with nothing lost, as a crashed and restarted Redis would be.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _directory = TempDirectory.Create();
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--logfile", Path.Combine(_directory, "redis.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await AnswersPingAsync())
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server outright: clients see their connections drop.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Keeps the server up but answering no client for <paramref name="duration"/> (<c>CLIENT PAUSE</c>), as a Redis busy with a long command or a slow disk does.</summary>
    public async Task PauseAsync(TimeSpan duration)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CLIENT PAUSE {(long)duration.TotalMilliseconds} ALL\r\n"));
        var buffer = new byte[16];
        var read = await stream.ReadAsync(buffer);
        if (!Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-server refused CLIENT PAUSE.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TempDirectory.Delete(_directory);
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
