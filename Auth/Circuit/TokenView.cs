using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// An id_token taken apart for display. <see cref="Verified"/> is true only when it is the very token the
/// server validated at sign-in (its hash is in the server's session ticket); the browser relays the token itself.
/// </summary>
public sealed record TokenView(
    IReadOnlyList<KeyValuePair<string, string>> Header,
    IReadOnlyList<KeyValuePair<string, string>> Claims,
    bool Encrypted,
    bool Verified)
{
    private const int MaxTokenLength = 16 * 1024;

    public static TokenView? Decode(string? token, string? validatedHash)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length is not (3 or 5))
        {
            return null;
        }

        var verified = validatedHash is not null && Sessions.SignedInUser.HashOf(token) == validatedHash;
        try
        {
            var header = Members(parts[0]);
            return parts.Length == 5
                ? new TokenView(header, [], Encrypted: true, verified)
                : new TokenView(header, Members(parts[1]), Encrypted: false, verified);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    private static List<KeyValuePair<string, string>> Members(string segment)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(segment)), new JsonDocumentOptions { MaxDepth = 8 });
        return document.RootElement.ValueKind != JsonValueKind.Object
            ? []
            : [.. Providers.Protocol.ClaimValues.Flatten(document.RootElement).Take(60)];
    }
}
