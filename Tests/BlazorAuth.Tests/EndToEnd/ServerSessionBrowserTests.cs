using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BlazorAuth.Tests.EndToEnd.PopupSignInTests;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// In docs/threat-model.md, cases 47-48: a session on the server costs the provider nothing per page load, and
/// nothing the browser can read holds a token.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServerSessionBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Ten_reloads_and_three_more_tabs_call_the_demo_providers_token_endpoint_not_once_while_the_access_token_is_valid()
    {
        var page = await fixture.OpenAppAsync();
        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync()), "bob", "builder");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder", new() { Timeout = 15_000 });

        using var tokenCalls = new TokenEndpointCalls(fixture.App.Services.GetRequiredService<AuthTelemetry>());
        var refreshes = 0;
        page.Context.Request += (_, request) => Interlocked.Add(ref refreshes, request.Url.Contains("/refresh", StringComparison.Ordinal) ? 1 : 0);

        for (var reload = 0; reload < 10; reload++)
        {
            await fixture.GotoAsync(page);
            await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Bob Builder");
        }

        for (var tab = 0; tab < 3; tab++)
        {
            var another = await page.Context.NewPageAsync();
            await fixture.GotoAsync(another, "/account");
            await Expect(another.GetByTestId("profile-name")).ToHaveTextAsync("Bob Builder");
            await Expect(another.GetByTestId("token-countdown")).ToContainTextAsync("Access token expires in", new() { Timeout = 15_000 });
        }

        // Time for any renewal a circuit might start on its own.
        await page.WaitForTimeoutAsync(2000);
        Assert.Equal(0, tokenCalls.Count);
        Assert.Equal(0, refreshes);
    }

    [Fact]
    public async Task No_token_is_in_any_message_the_page_receives_any_refresh_answer_or_anything_a_script_can_read_while_the_app_calls_an_api_with_it()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 800 } });

        // Every message any window of the app receives, recorded before the app's own script runs.
        await context.AddInitScriptAsync("""
            window.__received = [];
            window.addEventListener('message', event => window.__received.push(typeof event.data === 'string' ? event.data : JSON.stringify(event.data)), true);
            """);
        var refreshResponses = new ConcurrentBag<IResponse>();
        context.Response += (_, response) =>
        {
            if (response.Url.Contains("/refresh", StringComparison.Ordinal))
            {
                refreshResponses.Add(response);
            }
        };
        var page = await context.NewPageAsync();
        await fixture.GotoAsync(page);

        // A second tab hears of the sign-in and asks /refresh what its session now is.
        var secondTab = await context.NewPageAsync();
        await fixture.GotoAsync(secondTab);
        await SignInAtDemoAsync(await page.RunAndWaitForPopupAsync(() => SignInButton(page).ClickAsync()), "alice", "wonderland");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        await Expect(secondTab.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        Assert.Equal(200, await page.EvaluateAsync<int>("async () => (await (await import('./_content/BlazorAuth.Auth/blazorauth.js')).refresh('demo')).status"));

        var received = await page.EvaluateAsync<string[]>("() => window.__received");
        Assert.Contains(received, message => message.Contains("\"ticket\"", StringComparison.Ordinal));

        Assert.NotEmpty(refreshResponses);
        var readable = new List<string>(received);
        foreach (var response in refreshResponses)
        {
            readable.Add(await response.TextAsync());
        }

        // The app calls an API as the user from the circuit, with the token the page never sees.
        await fixture.GotoAsync(page, "/account");
        await page.GetByTestId("api-call").ClickAsync();
        await Expect(page.GetByTestId("api-answer")).ToHaveTextAsync("The API knows you as Alice Liddell.", new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "account-api-call.png") });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "account-api-call-phone.png"), FullPage = true });

        foreach (var tab in new[] { page, secondTab })
        {
            readable.Add(await tab.EvaluateAsync<string>("() => document.cookie"));
            readable.Add(await tab.EvaluateAsync<string>("() => JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage))"));
        }

        // The tokens as the server holds them, in the session's record.
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "__Host-demo-session");
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = $"{cookie.Name}={cookie.Value}";
        var services = fixture.App.Services;
        var session = services.GetRequiredService<SessionCookieStore>().Read(request, "demo")!;
        var tokens = (await services.GetRequiredService<SessionRegistry>().GetAsync(session.SessionId, default))!.Secrets;
        string[] secrets = [tokens.AccessToken, tokens.IdToken!, tokens.RefreshToken!];
        Assert.All(secrets, secret => Assert.True(secret.Length > 20));

        foreach (var text in readable)
        {
            Assert.DoesNotContain("accessToken", text, StringComparison.Ordinal);
            Assert.DoesNotContain("idToken", text, StringComparison.Ordinal);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }

        await context.CloseAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>Counts the app's calls to a provider's token endpoint, as its own telemetry records each one.</summary>
    private sealed class TokenEndpointCalls : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public TokenEndpointCalls(AuthTelemetry telemetry)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument, telemetry.ProviderCallDuration))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "blazorauth.provider.operation", Value: "token" })
                    {
                        Interlocked.Increment(ref _count);
                    }
                }
            });
            _listener.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
