using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth.Sessions;

public sealed class SessionTicketServiceTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly SessionTicketService _tickets;
    private readonly TempStore _store;

    public SessionTicketServiceTests()
    {
        _store = new TempStore(_time);
        _tickets = new SessionTicketService(new EphemeralDataProtectionProvider(), _time, new SingleUseStore(_store.Store, _time));
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_ticket_is_redeemed_once()
    {
        var ticket = _tickets.Issue(User());
        Assert.Equal("sub-1", (await _tickets.RedeemAsync(ticket, default))?.Profile.Subject);
        Assert.Null(await _tickets.RedeemAsync(ticket, default));
    }

    [Fact]
    public async Task A_ticket_older_than_a_minute_is_refused()
    {
        var ticket = _tickets.Issue(User());
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(await _tickets.RedeemAsync(ticket, default));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-ticket")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Anything_the_server_did_not_issue_is_refused(string? ticket) => Assert.Null(await _tickets.RedeemAsync(ticket, default));

    [Fact]
    public async Task A_ticket_with_one_flipped_character_is_refused()
    {
        var ticket = _tickets.Issue(User()).ToCharArray();
        ticket[ticket.Length / 2] = ticket[ticket.Length / 2] == 'A' ? 'B' : 'A';
        Assert.Null(await _tickets.RedeemAsync(new string(ticket), default));
    }

    private static SignedInUser User() =>
        new("p", "session-1", new UserProfile("sub-1", "https://idp.example.com", "client", null, null, null, []), null);
}
