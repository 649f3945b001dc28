using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Transactions;

/// <summary>Turns a transaction into the opaque <c>state</c> parameter and back, enforcing its lifetime.</summary>
internal sealed class TransactionProtector(IDataProtectionProvider dataProtection, TimeProvider time, IOptions<AuthOptions> options)
{
    // A state is a few hundred characters; anything far longer is not ours and is refused before any crypto runs.
    private const int MaxStateLength = 4096;

    private readonly PayloadProtector<AuthTransaction> _protector =
        new(dataProtection, "BlazorAuth.Transaction.v1", AuthJsonContext.Default.AuthTransaction, MaxStateLength);

    public string Protect(AuthTransaction transaction) => _protector.Protect(transaction);

    /// <summary>The transaction, if this server sealed it less than the transaction lifetime ago.</summary>
    public AuthTransaction? Unprotect(string? state)
    {
        var transaction = _protector.Unprotect(state);
        if (transaction is null)
        {
            return null;
        }

        var age = time.GetUtcNow() - transaction.IssuedAt;
        return age < TimeSpan.Zero - TimeSpan.FromMinutes(1) || age > options.Value.TransactionLifetime ? null : transaction;
    }
}
