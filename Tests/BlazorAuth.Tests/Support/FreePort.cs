using System.Net;
using System.Net.Sockets;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// Ports for the servers the tests start. Each number is handed out once per run, from below the kernel's
/// ephemeral range (32768 and up on Linux): a port the kernel picked and released could be picked again for
/// another server started meanwhile, or taken as the local port of one of the suite's many outgoing connections.
/// </summary>
internal static class FreePort
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static int _last = First + Random.Shared.Next(0, 4_000);

    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _last);
            if (port > Last)
            {
                throw new InvalidOperationException($"No free port left between {First} and {Last}.");
            }

            if (IsFree(port))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
