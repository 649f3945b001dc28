using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Issues and redeems the single-use, short-lived tickets through which a circuit learns who signed in.
/// The browser only carries them; it cannot make one.
/// </summary>
internal sealed class SessionTicketService(IDataProtectionProvider dataProtection, TimeProvider time, SingleUseStore spent)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly PayloadProtector<SessionTicket> _protector =
        new(dataProtection, "BlazorAuth.SessionTicket.v1", AuthJsonContext.Default.SessionTicket, 16 * 1024);

    public string Issue(SignedInUser user) => _protector.Protect(new SessionTicket(RandomIds.New(), user, time.GetUtcNow()));

    /// <summary>The ticket's user the first time a valid, unexpired ticket is redeemed, on any instance; null every other time.</summary>
    public async Task<SignedInUser?> RedeemAsync(string? ticket, CancellationToken cancellationToken)
    {
        var opened = _protector.Unprotect(ticket);
        if (opened is null)
        {
            return null;
        }

        var age = time.GetUtcNow() - opened.IssuedAt;
        if (age < TimeSpan.Zero || age > Lifetime)
        {
            return null;
        }

        return await spent.TrySpendAsync("ticket:" + opened.Id, opened.IssuedAt + Lifetime, cancellationToken) ? opened.User : null;
    }
}
