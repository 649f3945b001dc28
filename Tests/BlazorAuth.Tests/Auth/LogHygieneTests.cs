using System.Net;
using System.Web;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.DemoIdentityProvider;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// docs/threat-model.md, case 42 for a whole sign-in, refresh and logout, with the app's own logs, the hosting log and
/// HttpClient's logs turned all the way up: no code, state, token, ticket, cookie or secret in any line.
/// </summary>
public sealed class LogHygieneTests : IAsyncLifetime
{
    private readonly DemoAppFactory _app = new(settings: new Dictionary<string, string>
    {
        ["Logging:LogLevel:BlazorAuth"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
    });

    public Task InitializeAsync() => _app.StartAsync();

    [Fact]
    public async Task No_secret_of_a_whole_session_reaches_a_log_line()
    {
        var client = _app.CreateAppClient();
        var start = await client.GetAsync("/auth/demo/start?scope=profile");
        var binding = client.Jar["__Host-demo-nonce"]!;
        var callback = await new DemoIdpDriver().SignInAsync(start.Headers.Location!);
        var query = HttpUtility.ParseQueryString(callback.Query);
        var frame = await client.GetAsync(callback.PathAndQuery);
        var page = await FramePageContent.ReadAsync(frame);
        var refresh = await client.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh");
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var sessionCookies = client.Jar.Cookies.Where(c => c.Key.Contains("-session")).Select(c => c.Value).ToList();

        // The provider's tokens stay on the server, in the session's record: read from there.
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = "__Host-demo-session=" + client.Jar["__Host-demo-session"];
        var cookie = _app.Services.GetRequiredService<SessionCookieStore>().Read(request, "demo")!;
        var tokens = (await _app.Services.GetRequiredService<SessionRegistry>().GetAsync(cookie.SessionId, default))!.Secrets;
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/demo/logout")).StatusCode);

        var secrets = new List<string>
        {
            query["code"]!,
            query["state"]!,
            binding,
            page.Ticket!,
            tokens.AccessToken,
            tokens.IdToken!,
            tokens.RefreshToken!,
            _app.Services.GetRequiredService<DemoClientSecret>().Value,
        };
        secrets.AddRange(sessionCookies);

        Assert.NotEmpty(_app.Logs.Lines);
        Assert.Contains(_app.Logs.Lines, line => line.Contains("Sign-in completed with provider demo", StringComparison.Ordinal));
        foreach (var line in _app.Logs.Lines)
        {
            Assert.False(secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)), "A secret is in: " + line[..Math.Min(line.Length, 300)]);
            Assert.DoesNotContain("code=", line, StringComparison.Ordinal);
            Assert.DoesNotContain("state=", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Basic ", line, StringComparison.Ordinal);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
