using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Auth.Providers.CentralAuth;

/// <summary>
/// Opens CentralAuth's tokens: compact JWE, <c>dir</c> + <c>A256CBC-HS512</c>, keyed with the client secret's
/// UTF-8 bytes. Anything else (another algorithm, compression, a bad tag, another key, an oversized token) is
/// refused before or by the authenticated decryption.
/// </summary>
internal sealed class CentralAuthTokens(string clientSecret)
{
    public const int MaxLength = 16 * 1024;
    private static readonly JsonWebTokenHandler Handler = new();

    private readonly TokenValidationParameters _parameters = new()
    {
        TokenDecryptionKeys = [new SymmetricSecurityKey(Encoding.UTF8.GetBytes(clientSecret))],
    };

    /// <summary>The decrypted JSON payload, or null when the token is not one of ours.</summary>
    public JsonElement? Open(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength || token.Count(c => c == '.') != 4 || !HasExpectedHeader(token))
        {
            return null;
        }

        try
        {
            var plaintext = Handler.DecryptToken(new JsonWebToken(token), _parameters);
            using var payload = JsonDocument.Parse(plaintext, new JsonDocumentOptions { MaxDepth = 16 });
            return payload.RootElement.ValueKind == JsonValueKind.Object ? payload.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is SecurityTokenException or ArgumentException or JsonException or FormatException)
        {
            return null;
        }
    }

    private static bool HasExpectedHeader(string token)
    {
        try
        {
            using var header = JsonDocument.Parse(WebEncoders.Base64UrlDecode(token[..token.IndexOf('.')]), new JsonDocumentOptions { MaxDepth = 4 });
            var root = header.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String && alg.GetString() == "dir"
                && root.TryGetProperty("enc", out var enc) && enc.ValueKind == JsonValueKind.String && enc.GetString() == "A256CBC-HS512"
                && !root.TryGetProperty("zip", out _)
                && !root.TryGetProperty("crit", out _);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return false;
        }
    }
}
