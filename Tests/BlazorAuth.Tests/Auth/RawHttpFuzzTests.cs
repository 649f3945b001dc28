using System.Net.Sockets;
using System.Text;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Xunit.Abstractions;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// Malformed HTTP that only a real server parses (broken percent-encoding, control and non-ASCII bytes, lying
/// Content-Length, broken chunking, enormous or repeated headers), sent over raw sockets to the app on Kestrel,
/// from a fixed seed: whatever Kestrel or the app answers, never a 5xx and never a session cookie.
/// </summary>
public sealed class RawHttpFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261124;
    private const int Requests = 1500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    private static readonly string[] Methods = ["GET", "POST", "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "G\u00e9T", "GET GET", "", "CONNECT", "TRACE"];
    private static readonly string[] Routes =
        ["start", "handler/frame", "refresh", "logout", "backchannel-logout", "frontchannel-logout", "%2e%2e/refresh", "start%00", "st%ZZart", ""];
    private static readonly string[] Parameters = ["state", "code", "error", "origin", "returnUrl", "iss", "sid", "scope", "%ZZ", "a[]", ""];

    private readonly int _port = FreePort.Next();
    private ScannedAppFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", $"http://localhost:{_port}");
            builder.UseSetting("Auth:RateLimit:Burst", "100000");
            builder.UseSetting("Auth:RateLimit:PerMinute", "100000");
            PlainOAuth2Provider.Configure(builder);
        });
        _app.UseKestrel(_port);
        _app.StartServer();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Malformed_requests_over_real_sockets_never_get_a_5xx_or_a_session()
    {
        var random = new Random(Seed);
        var statuses = new SortedDictionary<string, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        for (; sent < Requests && clock.Elapsed < Budget; sent++)
        {
            var request = Generate(random);
            var answer = await SendAsync(request);
            var status = answer is null ? "closed" : answer[9..12];
            statuses[status] = statuses.GetValueOrDefault(status) + 1;

            var shown = Encoding.Latin1.GetString(request[..Math.Min(request.Length, 200)]);
            Assert.False(status.StartsWith('5'), $"#{sent} answered {status}: {shown}");
            if (answer is not null)
            {
                foreach (var line in answer.Split("\r\n").Where(l => l.StartsWith("Set-Cookie:", StringComparison.OrdinalIgnoreCase)))
                {
                    Assert.True(line.Contains("-nonce=", StringComparison.Ordinal) || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase),
                        $"#{sent} set a cookie: {line}");
                }
            }
        }

        output.WriteLine($"{sent} requests in {clock.ElapsedMilliseconds} ms: " + string.Join(", ", statuses.Select(s => $"{s.Key} × {s.Value}")));
        Assert.True(sent >= 500, $"only {sent} requests fitted in the budget");
        Assert.True(statuses.Keys.Count(k => k.StartsWith('4')) >= 3, "the generator should provoke several kinds of refusal");
    }

    private byte[] Generate(Random random)
    {
        var path = $"/auth/{Pick(random, ["p", "P", "nope", "p%2Fx", new string('p', 2000)])}/{Pick(random, Routes)}";
        // Mostly well-formed, so that most requests get past Kestrel to the app; a quarter raw, for Kestrel's parser.
        var query = string.Join('&', Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
            $"{Pick(random, Parameters)}={(random.Next(4) == 0 ? Junk(random) : Uri.EscapeDataString(Junk(random)))}"));
        var head = new StringBuilder()
            .Append(Pick(random, Methods)).Append(' ').Append(path).Append(query.Length > 0 ? "?" + query : "")
            .Append(random.Next(10) == 0 ? " HTTP/1.0" : " HTTP/1.1").Append("\r\n")
            .Append("Host: ").Append(random.Next(8) == 0 ? Pick(random, ["evil.example", "", "localhost:1, evil.example"]) : $"localhost:{_port}").Append("\r\n")
            .Append("Connection: close\r\n");

        var headers = random.Next(6);
        for (var i = 0; i < headers; i++)
        {
            head.Append(random.Next(7) switch
            {
                0 => $"Cookie: {string.Join("; ", Enumerable.Range(0, random.Next(1, 400)).Select(n => $"__Host-p-session-{n}={Junk(random)}"))}",
                1 => $"Cookie: __Host-p-session={new string('A', random.Next(100, 40_000))}",
                2 => $"Origin: {Pick(random, ["null", "http://evil.example", $"http://localhost:{_port}", Junk(random)])}",
                3 => "X-Requested-With: XMLHttpRequest",
                4 => $"X-Forwarded-Host: {Junk(random)}",
                5 => random.Next(3) == 0 ? $"{Junk(random)}: {Junk(random)}" : $"X-{random.Next()}: {Uri.EscapeDataString(Junk(random))}",
                _ => $"Referer: {Junk(random)}",
            }).Append("\r\n");
        }

        var body = random.Next(4) switch
        {
            0 => Encoding.Latin1.GetBytes($"state={Junk(random)}&code={Junk(random)}&logout_token={Junk(random)}"),
            1 => RandomBytes(random, random.Next(0, 4000)),
            _ => [],
        };
        switch (random.Next(8))
        {
            case 0 or 4 or 5:
                head.Append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").Append(body.Length).Append("\r\n");
                break;
            case 1:
                head.Append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").Append(Pick(random, ["-1", "abc", "99999999999999999999", "10, 20"])).Append("\r\n");
                break;
            case 2:
                head.Append("Transfer-Encoding: chunked\r\n");
                body = Encoding.Latin1.GetBytes($"{Pick(random, ["zz", "FFFFFFFFFFFF", "5", "0"])}\r\n").Concat(body).ToArray();
                break;
            case 3:
                head.Append("Content-Length: ").Append(body.Length).Append("\r\nTransfer-Encoding: chunked\r\n");
                break;
        }

        return [.. Encoding.Latin1.GetBytes(head.Append("\r\n").ToString()), .. body];
    }

    /// <summary>The head of the answer, or null when the server closed the connection without one.</summary>
    private async Task<string?> SendAsync(byte[] request)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _port, timeout.Token);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // Kestrel may answer and close before it has read all of a request it refused early.
        }

        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0 && received.Length < 64 * 1024)
            {
                received.Write(buffer, 0, read);
                if (Encoding.Latin1.GetString(received.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // A reset after the answer was sent; what was read is the answer.
        }

        var text = Encoding.Latin1.GetString(received.ToArray());
        if (text.Length == 0)
        {
            return null;
        }

        Assert.True(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && text.Length >= 12, "not an HTTP answer: " + text[..Math.Min(text.Length, 100)]);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    /// <summary>Printable junk with the characters that trip parsers: percent signs, quotes, control and non-ASCII bytes.</summary>
    private static string Junk(Random random)
    {
        const string alphabet = "abcXYZ019-_.~%25%ZZ%00\"'<>\\/ ;,=&?#\t\u0001\u007f\u00e9\u00ff";
        var length = random.Next(0, random.Next(4) == 0 ? 3000 : 40);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
