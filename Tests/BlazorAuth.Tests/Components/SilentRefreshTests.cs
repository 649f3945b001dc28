using BlazorAuth.Auth.Circuit;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Components;

/// <summary>The circuit renews the session before the access token runs out, on the app's clock.</summary>
public sealed class SilentRefreshTests : ComponentTestContext
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public SilentRefreshTests() => Services.AddSingleton<TimeProvider>(_time);

    [Fact]
    public async Task At_80_percent_of_the_access_tokens_lifetime_the_circuit_renews_on_the_server_not_through_the_browser()
    {
        var tickets = Services.GetRequiredService<SessionTicketService>();
        var registry = Services.GetRequiredService<SessionRegistry>();
        var refresh = Module.Setup<RefreshResult?>("refresh", "demo");
        await SignIn.InitializeAsync();

        var session = await registry.StartAsync(
            "demo",
            new ProviderSignIn(new ProviderTokens("at-1", null, "rt-1", "openid", TimeSpan.FromSeconds(100)), User(TimeSpan.FromSeconds(100)).Profile),
            _time.GetUtcNow() + TimeSpan.FromDays(1),
            null,
            default);
        await SignIn.OnAuthorizationResponse("demo", Message(tickets.Issue(session.ToUser())), 0);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(100), SignIn.AccessTokenExpiresAt);

        _time.Advance(TimeSpan.FromSeconds(79));
        Assert.Equal(session.Stored.Generation, (await registry.GetAsync(session.SessionId, default))!.Stored.Generation);

        // Due now: the circuit claims the session for renewal in the store (the provider here cannot be reached, so the
        // claim is withdrawn again), and never asks the browser.
        _time.Advance(TimeSpan.FromSeconds(2));
        for (var wait = 0; wait < 200 && (await registry.GetAsync(session.SessionId, default))!.Stored.Generation == session.Stored.Generation; wait++)
        {
            await Task.Delay(20);
        }

        Assert.True((await registry.GetAsync(session.SessionId, default))!.Stored.Generation > session.Stored.Generation);
        Assert.Empty(refresh.Invocations);

        // The provider's client retries on the app's clock: moved on, it gives up, and the claim is withdrawn with the
        // tokens as they were (nothing may still be running when the test's services are disposed).
        var current = (await registry.GetAsync(session.SessionId, default))!;
        for (var wait = 0; wait < 200 && current.Stored.Renewal is not null; wait++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(20);
            current = (await registry.GetAsync(session.SessionId, default))!;
        }

        Assert.Null(current.Stored.Renewal);
        Assert.Equal("rt-1", current.Secrets.RefreshToken);
    }

    private SignedInUser User(TimeSpan lifetime) => new(
        "demo",
        "session-1",
        new UserProfile("alice-1", "https://idp.example.com", "client", "alice@example.test", "Alice", null, []),
        _time.GetUtcNow() + lifetime);

    private static string Message(string ticket) =>
        "{\"type\":\"authorization_response\",\"response\":{\"session\":{\"ticket\":\"" + ticket + "\",\"expiresInSeconds\":60}}}";
}
