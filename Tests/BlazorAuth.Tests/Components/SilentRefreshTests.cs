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
    public async Task The_session_is_renewed_at_80_percent_of_the_access_tokens_lifetime()
    {
        var tickets = Services.GetRequiredService<SessionTicketService>();
        var refresh = Module.Setup<RefreshResult?>("refresh", "demo");
        await SignIn.InitializeAsync();

        await SignIn.OnAuthorizationResponse("demo", Message(tickets.Issue(User(TimeSpan.FromSeconds(100)))), 0);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(100), SignIn.AccessTokenExpiresAt);

        _time.Advance(TimeSpan.FromSeconds(79));
        Assert.Empty(refresh.Invocations);

        _time.Advance(TimeSpan.FromSeconds(2));
        refresh.VerifyInvoke("refresh");
        refresh.SetResult(new RefreshResult(200, tickets.Issue(User(TimeSpan.FromSeconds(200)))));
        var renewedUntil = _time.GetUtcNow() + TimeSpan.FromSeconds(200);
        for (var wait = 0; wait < 100 && SignIn.AccessTokenExpiresAt != renewedUntil; wait++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(renewedUntil, SignIn.AccessTokenExpiresAt);
    }

    [Fact]
    public async Task A_refresh_that_crossed_another_requests_rotation_is_tried_again_within_seconds()
    {
        var tickets = Services.GetRequiredService<SessionTicketService>();
        await SignIn.OnAuthorizationResponse("demo", Message(tickets.Issue(User(TimeSpan.FromHours(1)))), 0);
        var refresh = Module.Setup<RefreshResult?>("refresh", "demo");
        refresh.SetResult(new RefreshResult(409, null));

        // A reload: the circuit renews as it connects, while the page it replaced was renewing the same session.
        await SignIn.InitializeAsync();
        Assert.Single(refresh.Invocations);

        _time.Advance(RenewalTimer.RotatedDelay);
        for (var wait = 0; wait < 100 && refresh.Invocations.Count < 2; wait++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, refresh.Invocations.Count);
    }

    private SignedInUser User(TimeSpan lifetime) => new(
        "demo",
        "session-1",
        new UserProfile("alice-1", "https://idp.example.com", "client", "alice@example.test", "Alice", null, []),
        _time.GetUtcNow() + lifetime);

    private static string Message(string ticket) =>
        "{\"type\":\"authorization_response\",\"response\":{\"session\":{\"ticket\":\"" + ticket + "\",\"expiresInSeconds\":60}}}";
}
