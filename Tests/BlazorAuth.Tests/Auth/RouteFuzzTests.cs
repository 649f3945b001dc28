using System.Net;
using System.Text;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// Thousands of generated requests against the four routes, from a fixed seed so a failure reproduces:
/// never a 5xx, never a session, never a token request without a valid transaction.
/// </summary>
[Collection(FakeProviderCollection.Name)]
public sealed class RouteFuzzTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    private const int Seed = 20261123;
    private const int Requests = 3000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"];
    private static readonly string[] Providers = ["fake", "other", "nope", "FAKE", "fake%20x", "a-b", new string('p', 300)];
    private static readonly string[] Routes =
        ["start", "handler/frame", "refresh", "logout", "backchannel-logout", "frontchannel-logout", "signed-out", "handler", "handler/frame/x", "", "start/"];
    private static readonly string[] Parameters = ["state", "code", "error", "error_description", "error_code", "error_message", "iss", "origin", "returnUrl", "scope", "flow", "env", "return_to", "sid", "logout_token", "prompt"];

    [Fact]
    public async Task Generated_requests_never_get_a_5xx_a_session_or_a_token_request()
    {
        var random = new Random(Seed);
        var validState = (await StartAsync()).State;
        var tokenCalls = Provider.TokenCalls;
        var client = App.CreateAppClient().Http;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < Requests && clock.Elapsed < Budget; i++)
        {
            using var request = Generate(random, validState);
            var description = $"#{i} {request.Method} {request.RequestUri}";
            using var response = await client.SendAsync(request);

            Assert.True((int)response.StatusCode < 500, $"{description} answered {(int)response.StatusCode}");
            foreach (var cookie in CookieJar.SetCookies(response))
            {
                Assert.True(
                    CookieAssert.IsDeletion(cookie) || (cookie.Name.Value!.EndsWith("-nonce", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.Redirect),
                    $"{description} set {cookie.Name}");
            }
        }

        Assert.Equal(tokenCalls, Provider.TokenCalls);
    }

    private static HttpRequestMessage Generate(Random random, string validState)
    {
        var path = $"/auth/{Pick(random, Providers)}/{Pick(random, Routes)}";
        var query = string.Join('&', Enumerable.Range(0, random.Next(0, 6)).Select(_ =>
            $"{Pick(random, Parameters)}={Uri.EscapeDataString(Value(random, validState))}"));
        var request = new HttpRequestMessage(new HttpMethod(Pick(random, Methods)), path + (query.Length > 0 ? "?" + query : ""));

        if (random.Next(3) == 0)
        {
            var junk = Token(random, validState);
            request.Headers.TryAddWithoutValidation("X-Requested-With", random.Next(2) == 0 ? "XMLHttpRequest" : junk[..Math.Min(20, junk.Length)]);
        }

        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("Origin", random.Next(2) == 0 ? FakeProviderAppFactory.AppOrigin : "https://evil.example");
        }

        if (random.Next(2) == 0)
        {
            var cookies = Enumerable.Range(0, random.Next(1, 12)).Select(_ =>
                $"{Pick(random, ["__Host-fake-nonce", "__Host-fake-session", "__Host-fake-session-0", "__Host-fake-session-1", "__Host-other-nonce", "junk"])}={Token(random, validState)}");
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies));
        }

        if (request.Method == HttpMethod.Post && random.Next(2) == 0)
        {
            request.Content = random.Next(4) switch
            {
                0 when random.Next(2) == 0 => OddForm(random, validState),
                0 => new StringContent($"state={Uri.EscapeDataString(Value(random, validState))}&code=c{random.Next()}", Encoding.UTF8, "application/x-www-form-urlencoded"),
                1 => new StringContent($"logout_token={Uri.EscapeDataString(Value(random, validState))}", Encoding.UTF8, "application/x-www-form-urlencoded"),
                _ => new StringContent("{\"state\":\"" + Token(random, validState) + "\"}", Encoding.UTF8, "application/json"),
            };
        }

        return request;
    }

    private static ByteArrayContent OddForm(Random random, string validState)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"state={Uri.EscapeDataString(Value(random, validState))}&logout_token=x"));
        content.Headers.TryAddWithoutValidation("Content-Type", Pick(random,
        [
            "application/x-www-form-urlencoded; charset=utf-7", "application/x-www-form-urlencoded; charset=x-unknown",
            "multipart/form-data", "multipart/form-data; boundary=\"\"", "application/x-www-form-urlencoded; charset=\"utf-8",
        ]));
        return content;
    }

    private static string Value(Random random, string validState) => random.Next(8) switch
    {
        0 => Mutate(random, validState),
        1 => new string('A', random.Next(1000, 5000)),
        2 => "</script><script>alert(1)</script>\u2028",
        3 => "javascript:alert(1)",
        4 => "//evil.example",
        5 => "%ZZ%00\u0000",
        6 => "https://app.example.com.evil.example",
        _ => Token(random, validState),
    };

    /// <summary>Cookie-safe junk, or a mutated copy of a real state.</summary>
    private static string Token(Random random, string validState) =>
        random.Next(3) == 0 ? Mutate(random, validState) : Convert.ToBase64String(RandomBytes(random, random.Next(1, 200))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Mutate(Random random, string state)
    {
        var chars = state.ToCharArray();
        var position = random.Next(chars.Length);
        chars[position] = chars[position] == 'A' ? 'B' : 'A';
        return random.Next(4) == 0 ? new string(chars)[..random.Next(1, chars.Length)] : new string(chars);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
