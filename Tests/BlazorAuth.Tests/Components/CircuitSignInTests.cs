using BlazorAuth.Auth.Circuit;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Components;

/// <summary>In docs/threat-model.md, case 18: the circuit signs in only through a ticket the server issued, once.</summary>
public sealed class CircuitSignInTests : ComponentTestContext
{
    private CircuitAuthenticationStateProvider Circuit => Services.GetRequiredService<CircuitAuthenticationStateProvider>();

    private SessionTicketService Tickets => Services.GetRequiredService<SessionTicketService>();

    [Fact]
    public async Task A_forged_message_with_a_made_up_profile_and_id_token_signs_no_one_in()
    {
        var forged = """
            {"type":"authorization_response","response":{
              "providerInfo":{"accessToken":"x","idToken":"eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.","scope":"openid","expiresInSeconds":3600},
              "profile":{"email":"mallory@evil.example","displayName":"Mallory"},
              "session":{"ticket":"CfDJ8-forged","expiresInSeconds":60}}}
            """;
        await SignIn.OnAuthorizationResponse("demo", forged, 0);
        Assert.False(await IsSignedInAsync());
    }

    [Theory]
    [InlineData("\"just a string\"")]
    [InlineData("{}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"authorization_response\",\"response\":{\"session\":{\"ticket\":42}}}")]
    [InlineData("not json at all")]
    public async Task Malformed_messages_are_ignored(string message)
    {
        await SignIn.OnAuthorizationResponse("demo", message, 0);
        Assert.False(await IsSignedInAsync());
    }

    [Fact]
    public async Task A_server_ticket_signs_in_once_and_cannot_be_replayed()
    {
        var ticket = Tickets.Issue(Alice("demo"));
        await SignIn.OnAuthorizationResponse("demo", Message(ticket), 0);
        Assert.True(await IsSignedInAsync());
        Assert.NotNull(SignIn.AccessTokenExpiresAt);

        Circuit.SignOut();
        await SignIn.OnAuthorizationResponse("demo", Message(ticket), 0);
        Assert.False(await IsSignedInAsync());
    }

    [Fact]
    public async Task A_ticket_issued_for_another_provider_is_refused()
    {
        await SignIn.OnAuthorizationResponse("demo", Message(Tickets.Issue(Alice("other"))), 0);
        Assert.False(await IsSignedInAsync());
    }

    [Fact]
    public async Task Sign_out_calls_logout_for_the_sessions_provider_and_signs_the_circuit_out()
    {
        await SignIn.OnAuthorizationResponse("demo", Message(Tickets.Issue(Alice("demo"))), 0);
        Module.Setup<RefreshResult?>("refresh", "demo").SetResult(new RefreshResult(200, Tickets.Issue(Alice("demo"))));
        var logout = Module.Setup<LogoutResult?>("logout", "demo");
        logout.SetResult(new LogoutResult(200, null));
        await SignIn.InitializeAsync();

        Assert.True(await IsSignedInAsync());
        await SignIn.SignOutAsync();
        Assert.False(await IsSignedInAsync());
        Assert.Single(logout.Invocations);
    }

    [Fact]
    public async Task A_refresh_still_on_its_way_when_the_user_signs_out_does_not_sign_them_back_in()
    {
        await SignIn.OnAuthorizationResponse("demo", Message(Tickets.Issue(Alice("demo"))), 0);
        var refresh = Module.Setup<RefreshResult?>("refresh", "demo");
        Module.Setup<LogoutResult?>("logout", "demo").SetResult(new LogoutResult(200, null));

        // A signed-in circuit renews its session as it connects (a reload): the answer is still on its way.
        var renewing = SignIn.InitializeAsync();
        Assert.Single(refresh.Invocations);

        await SignIn.SignOutAsync();
        refresh.SetResult(new RefreshResult(200, Tickets.Issue(Alice("demo"))));
        await renewing;

        Assert.False(await IsSignedInAsync());
    }

    [Fact]
    public async Task A_refresh_refused_by_the_server_signs_the_circuit_out()
    {
        await SignIn.OnAuthorizationResponse("demo", Message(Tickets.Issue(Alice("demo"))), 0);
        Module.Setup<RefreshResult?>("refresh", "demo").SetResult(new RefreshResult(401, null));
        await SignIn.InitializeAsync();
        Assert.False(await IsSignedInAsync());
    }

    private async Task<bool> IsSignedInAsync() =>
        (await Circuit.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated == true;

    private static SignedInUser Alice(string provider) => new(
        provider,
        "session-1",
        new UserProfile("alice-1", "https://idp.example.com", "client", "alice@example.test", "Alice", null, []),
        DateTimeOffset.UtcNow.AddMinutes(5));

    private static string Message(string ticket) =>
        "{\"type\":\"authorization_response\",\"response\":{\"session\":{\"ticket\":\"" + ticket + "\",\"expiresInSeconds\":60}}}";
}
