using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Auth.Protection;

internal static class RandomIds
{
    private const int Bytes = 32;

    /// <summary>256 random bits, base64url: transaction ids, PKCE verifiers, nonces, session ids.</summary>
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Three independent ids from one call to the system's generator, which costs more than the encoding.</summary>
    public static (string First, string Second, string Third) NewThree()
    {
        Span<byte> random = stackalloc byte[Bytes * 3];
        RandomNumberGenerator.Fill(random);
        return (
            WebEncoders.Base64UrlEncode(random[..Bytes]),
            WebEncoders.Base64UrlEncode(random.Slice(Bytes, Bytes)),
            WebEncoders.Base64UrlEncode(random[(Bytes * 2)..]));
    }

    public static bool FixedTimeEquals(string? a, string? b) =>
        a is not null && b is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    /// <summary>The PKCE S256 challenge of a verifier (RFC 7636 §4.2).</summary>
    public static string S256(string verifier)
    {
        Span<byte> ascii = verifier.Length <= 128 ? stackalloc byte[verifier.Length] : new byte[verifier.Length];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(ascii[..System.Text.Encoding.ASCII.GetBytes(verifier, ascii)], hash);
        return System.Buffers.Text.Base64Url.EncodeToString(hash);
    }
}
