using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth.Sessions;

public sealed class SessionTicketServiceTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly SessionTicketService _tickets;

    public SessionTicketServiceTests() =>
        _tickets = new SessionTicketService(new EphemeralDataProtectionProvider(), _time, new MemoryCache(new MemoryCacheOptions()));

    [Fact]
    public void A_ticket_is_redeemed_once()
    {
        var ticket = _tickets.Issue(User());
        Assert.Equal("sub-1", _tickets.Redeem(ticket)?.Profile.Subject);
        Assert.Null(_tickets.Redeem(ticket));
    }

    [Fact]
    public void A_ticket_older_than_a_minute_is_refused()
    {
        var ticket = _tickets.Issue(User());
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(_tickets.Redeem(ticket));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-ticket")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_the_server_did_not_issue_is_refused(string? ticket) => Assert.Null(_tickets.Redeem(ticket));

    [Fact]
    public void A_ticket_with_one_flipped_character_is_refused()
    {
        var ticket = _tickets.Issue(User()).ToCharArray();
        ticket[ticket.Length / 2] = ticket[ticket.Length / 2] == 'A' ? 'B' : 'A';
        Assert.Null(_tickets.Redeem(new string(ticket)));
    }

    private static SignedInUser User() =>
        new("p", "session-1", new UserProfile("sub-1", "https://idp.example.com", "client", null, null, null, []), null);
}
