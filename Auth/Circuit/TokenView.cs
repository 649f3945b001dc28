using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// An id_token taken apart for display. It is always the token the server validated at sign-in: the circuit reads it
/// from the session's record in the store, never from the browser.
/// </summary>
public sealed record TokenView(
    IReadOnlyList<KeyValuePair<string, string>> Header,
    IReadOnlyList<KeyValuePair<string, string>> Claims,
    bool Encrypted)
{
    private const int MaxTokenLength = 16 * 1024;

    public static TokenView? Decode(string? token)
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

        try
        {
            var header = Members(parts[0]);
            return parts.Length == 5
                ? new TokenView(header, [], Encrypted: true)
                : new TokenView(header, Members(parts[1]), Encrypted: false);
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
