using System.Text;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>
/// RFC 9207's check of an authorization response's <c>iss</c>, and what operators need when it refuses one: the value
/// received and the one expected, neither of them secret. A provider that encodes <c>iss</c> once too often (as
/// Glewlwyd does in form_post) is then recognisable at a glance.
/// </summary>
internal static class IssuerCheck
{
    private const int MaxShown = 200;

    /// <summary>Wrong when it differs from the issuer, or is missing where the metadata promised it.</summary>
    public static bool Refuses(string? received, string expected, bool required) =>
        received is not null ? !string.Equals(received, expected, StringComparison.Ordinal) : required;

    /// <summary>For the log and the operators' page; what came from the browser is bounded and shown escaped.</summary>
    public static string Describe(string? received, string expected) => received is null
        ? $"The authorization response carried no iss, though the provider's metadata promises one; expected \"{expected}\"."
        : $"The authorization response's iss \"{Shown(received)}\" is not the provider's issuer \"{expected}\".";

    private static string Shown(string value)
    {
        var shown = new StringBuilder();
        foreach (var c in value.Length > MaxShown ? value[..MaxShown] : value)
        {
            shown.Append(char.IsControl(c) || c == '"' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return value.Length > MaxShown ? shown.Append('…').ToString() : shown.ToString();
    }
}
