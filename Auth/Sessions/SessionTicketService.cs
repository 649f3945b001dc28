using BlazorAuth.Auth.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Issues and redeems the single-use, short-lived tickets through which a circuit learns who signed in.
/// The browser only carries them; it cannot make one.
/// </summary>
public sealed class SessionTicketService(IDataProtectionProvider dataProtection, TimeProvider time, IMemoryCache redeemed)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly PayloadProtector<SessionTicket> _protector =
        new(dataProtection, "BlazorAuth.SessionTicket.v1", AuthJsonContext.Default.SessionTicket, 16 * 1024);

    private readonly Lock _redeemLock = new();

    public string Issue(SignedInUser user) => _protector.Protect(new SessionTicket(RandomIds.New(), user, time.GetUtcNow()));

    /// <summary>The ticket's user the first time a valid, unexpired ticket is redeemed; null every other time.</summary>
    public SignedInUser? Redeem(string? ticket)
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

        var key = "blazorauth-ticket:" + opened.Id;
        lock (_redeemLock)
        {
            if (redeemed.TryGetValue(key, out _))
            {
                return null;
            }

            redeemed.Set(key, true, Lifetime);
        }

        return opened.User;
    }
}
