using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

/// <summary>
/// A SOCKS5 proxy on loopback, for loopback destinations only, that holds every byte for half the round-trip time in
/// each direction, and a connection's first bytes for one more round trip (the handshake a distant server costs).
/// Chromium's own network emulation holds back the HTTP responses of the page it is attached to, not WebSocket frames
/// nor a popup's first load; a browser sent through this proxy waits on every page, the popup's and the circuit's
/// WebSocket included.
/// </summary>
internal sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly TimeSpan _roundTrip;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LatencyProxy(TimeSpan roundTrip)
    {
        _roundTrip = roundTrip;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The address to give Chromium's <c>--proxy-server</c>.</summary>
    public string Address => $"socks5://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                var browser = client.GetStream();
                if (await ReadConnectRequestAsync(browser) is not { } port)
                {
                    return;
                }

                await server.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
                // Succeeded, bound to 0.0.0.0:0 (RFC 1928 §6): the browser has no use for the address.
                await browser.WriteAsync(new byte[] { 5, 0, 0, 1, 0, 0, 0, 0, 0, 0 }, _stop.Token);
                await Task.WhenAny(
                    PumpAsync(browser, server.GetStream(), _roundTrip / 2, _roundTrip),
                    PumpAsync(server.GetStream(), browser, _roundTrip / 2, TimeSpan.Zero));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // A browser closes connections it no longer needs; the relay ends with them.
            }
        }
    }

    /// <summary>RFC 1928: no authentication, CONNECT to a loopback host; the port, or null after refusing.</summary>
    private async Task<int?> ReadConnectRequestAsync(NetworkStream browser)
    {
        var head = new byte[2];
        await browser.ReadExactlyAsync(head, _stop.Token);
        await browser.ReadExactlyAsync(new byte[head[1]], _stop.Token);
        await browser.WriteAsync(new byte[] { 5, 0 }, _stop.Token);

        var request = new byte[4];
        await browser.ReadExactlyAsync(request, _stop.Token);
        string host;
        switch (request[3])
        {
            case 1:
            case 4:
                var address = new byte[request[3] == 1 ? 4 : 16];
                await browser.ReadExactlyAsync(address, _stop.Token);
                host = new IPAddress(address).ToString();
                break;
            case 3:
                var length = new byte[1];
                await browser.ReadExactlyAsync(length, _stop.Token);
                var name = new byte[length[0]];
                await browser.ReadExactlyAsync(name, _stop.Token);
                host = Encoding.ASCII.GetString(name);
                break;
            default:
                return null;
        }

        var port = new byte[2];
        await browser.ReadExactlyAsync(port, _stop.Token);
        if (request[1] != 1 || !(host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))))
        {
            // Command not supported, or connection not allowed: nothing leaves this machine.
            await browser.WriteAsync(new byte[] { 5, (byte)(request[1] != 1 ? 7 : 2), 0, 1, 0, 0, 0, 0, 0, 0 }, _stop.Token);
            return null;
        }

        return BinaryPrimitives.ReadUInt16BigEndian(port);
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, TimeSpan delay, TimeSpan firstDelay)
    {
        // Reading goes on while earlier chunks wait, so the delay adds latency without cutting throughput.
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in chunks.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                await to.WriteAsync(bytes, _stop.Token);
            }
        });

        var buffer = new byte[64 * 1024];
        var extra = firstDelay;
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            var due = Stopwatch.GetTimestamp() + (long)((delay + extra).TotalSeconds * Stopwatch.Frequency);
            extra = TimeSpan.Zero;
            chunks.Writer.TryWrite((due, buffer.AsSpan(0, read).ToArray()));
        }

        chunks.Writer.TryComplete();
        await writing;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
