using System.Text.Json;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Transactions;

/// <summary>Turns a transaction into the opaque <c>state</c> parameter and back, enforcing its lifetime.</summary>
internal sealed class TransactionProtector(
    SealingKeyRing keys, IDataProtectionProvider dataProtection, TimeProvider time, IOptions<AuthOptions> options)
{
    // A state is about a thousand characters; anything far longer is not ours and is refused before any crypto runs.
    private const int MaxStateLength = 4096;

    private const string Purpose = "BlazorAuth.Transaction.v1";

    private readonly EnvelopeProtector<AuthTransaction> _protector = new(
        keys, Purpose, AuthJsonContext.Default.AuthTransaction, MaxStateLength,
        new PayloadProtector<AuthTransaction>(dataProtection, Purpose, AuthJsonContext.Default.AuthTransaction, MaxStateLength));

    public string Protect(AuthTransaction transaction) => _protector.Protect(transaction);

    /// <summary>The state as bytes, for a caller that writes its base64url form into a URL itself.</summary>
    public byte[] Seal(AuthTransaction transaction) => _protector.Seal(transaction);

    /// <summary>The transaction, if this server sealed it less than the transaction lifetime ago.</summary>
    public AuthTransaction? Unprotect(string? state) => Current(_protector.Unprotect(state));

    /// <summary>
    /// The transaction as plain JSON, for a carrier that seals it itself: an ASP.NET Core handler's state, which protects
    /// its properties with Data Protection, so sealing it here as well would only cost a second key derivation.
    /// </summary>
    public static string ToCarried(AuthTransaction transaction) => JsonSerializer.Serialize(transaction, AuthJsonContext.Default.AuthTransaction);

    /// <summary>A transaction its carrier unsealed, if it is well-formed and less than the transaction lifetime old.</summary>
    public AuthTransaction? FromCarried(string? carried)
    {
        if (string.IsNullOrEmpty(carried) || carried.Length > MaxStateLength)
        {
            return null;
        }

        try
        {
            return Current(JsonSerializer.Deserialize(carried, AuthJsonContext.Default.AuthTransaction));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private AuthTransaction? Current(AuthTransaction? transaction)
    {
        if (transaction is null)
        {
            return null;
        }

        var age = time.GetUtcNow() - transaction.IssuedAt;
        return age < TimeSpan.Zero - TimeSpan.FromMinutes(1) || age > options.Value.TransactionLifetime ? null : transaction;
    }
}
