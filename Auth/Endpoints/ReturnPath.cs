using System.Text;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// The one rule for a place to return to after sign-in, used by every route and component that follows one: a
/// path on this app, in a form every browser reads the same way. Browsers drop tabs and newlines from URLs and
/// read a backslash as a slash, so <c>/\t/evil.example</c> or <c>/\evil.example</c> would leave the app.
/// </summary>
public static class ReturnPath
{
    private const int MaxLength = 2048;

    /// <summary>
    /// The path, ready for a <c>Location</c> header or a navigation (non-ASCII and other characters a URL may not
    /// hold raw percent-encoded), or null when it is not a local path.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] != '/' || (value.Length > 1 && value[1] == '/'))
        {
            return null;
        }

        var path = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || c == '\\' || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))))
            {
                return null;
            }

            if (c == '%')
            {
                // Only well-formed escapes, and none that decode to a slash, a backslash or a control character.
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    return null;
                }

                var decoded = Convert.ToByte(value.Substring(i + 1, 2), 16);
                if (decoded is (byte)'/' or (byte)'\\' or < 0x20 or 0x7F)
                {
                    return null;
                }

                path.Append(value, i, 3);
                i += 2;
            }
            else if (IsUriCharacter(c))
            {
                path.Append(c);
            }
            else
            {
                var length = char.IsHighSurrogate(c) ? 2 : 1;
                foreach (var b in Encoding.UTF8.GetBytes(value.Substring(i, length)))
                {
                    path.Append('%').Append(b.ToString("X2"));
                }

                i += length - 1;
            }
        }

        return path.Length > MaxLength ? null : path.ToString();
    }

    // RFC 3986: unreserved, sub-delims, and the delimiters a path, query and fragment may hold.
    private static bool IsUriCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?#".Contains(c);
}
