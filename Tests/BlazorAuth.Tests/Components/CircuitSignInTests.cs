using BlazorAuth.Auth.Circuit;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Tests.Auth.Sessions;
using BlazorAuth.Tests.Support;
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
        var session = await StartSessionAsync();
        await SignIn.OnAuthorizationResponse("demo", Message(Tickets.Issue(session.ToUser())), 0);
        var logout = Module.Setup<LogoutResult?>("logout", "demo");
        logout.SetResult(new LogoutResult(200, null));
        await SignIn.InitializeAsync();

        Assert.True(await IsSignedInAsync());
        await SignIn.SignOutAsync();
        Assert.False(await IsSignedInAsync());
        Assert.Single(logout.Invocations);
    }

    [Fact]
    public async Task A_renewal_still_on_its_way_when_the_user_signs_out_does_not_sign_them_back_in()
    {
        using var file = new TempStore();
        var store = new BlockingStore(file.Store);
        Services.AddSingleton<IAuthStore>(store);
        var session = await StartSessionAsync();
        await SignIn.OnAuthorizationResponse("demo", Message(Tickets.Issue(session.ToUser())), 0);
        Module.Setup<LogoutResult?>("logout", "demo").SetResult(new LogoutResult(200, null));

        // A signed-in circuit looks its session up as it connects (a reload): the store's answer is still on its way.
        store.BlockReadsOf("blazorauth:session:" + session.SessionId);
        var renewing = SignIn.InitializeAsync();
        await SignIn.SignOutAsync();
        store.Release();
        await renewing;

        Assert.False(await IsSignedInAsync());
    }

    [Fact]
    public async Task A_session_ended_on_the_server_signs_the_circuit_out_as_it_connects_and_the_user_is_told()
    {
        var session = await StartSessionAsync();
        await SignIn.OnAuthorizationResponse("demo", Message(Tickets.Issue(session.ToUser())), 0);
        var told = new List<string>();
        SignIn.Failed += problem => told.Add(problem.Message);
        await Services.GetRequiredService<SessionRegistry>().EndAsync(session.SessionId, default);

        await SignIn.InitializeAsync();
        Assert.False(await IsSignedInAsync());
        Assert.Equal(["Your session has ended; please sign in again."], told);
    }

    [Fact]
    public async Task A_session_whose_access_token_ran_out_without_a_refresh_token_ends_on_the_server_as_the_circuit_connects()
    {
        var registry = Services.GetRequiredService<SessionRegistry>();
        var session = await registry.StartAsync(
            "demo",
            new ProviderSignIn(new ProviderTokens("at-1", null, null, "openid", TimeSpan.Zero), Alice("demo").Profile),
            DateTimeOffset.UtcNow.AddDays(1),
            null,
            default);
        await SignIn.OnAuthorizationResponse("demo", Message(Tickets.Issue(session.ToUser())), 0);

        await SignIn.InitializeAsync();
        Assert.False(await IsSignedInAsync());
        Assert.False(await registry.IsLiveAsync(session.SessionId, default));
    }

    private Task<LiveSession> StartSessionAsync() => Services.GetRequiredService<SessionRegistry>().StartAsync(
        "demo",
        new ProviderSignIn(new ProviderTokens("at-1", null, "rt-1", "openid", TimeSpan.FromMinutes(5)), Alice("demo").Profile),
        DateTimeOffset.UtcNow.AddDays(1),
        null,
        default);

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
