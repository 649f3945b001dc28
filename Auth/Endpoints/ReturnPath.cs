namespace BlazorAuth.Auth.Endpoints;

/// <summary>Accepts only a path on this app as a place to return to after a redirect-flow sign-in.</summary>
public static class ReturnPath
{
    public static bool IsLocal(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 2048 || value[0] != '/')
        {
            return false;
        }

        if (value.Length > 1 && (value[1] == '/' || value[1] == '\\'))
        {
            return false;
        }

        // Encoded slashes and backslashes could be decoded into "//" or "/\" further along.
        if (value.Contains("%2f", StringComparison.OrdinalIgnoreCase) || value.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !value.Any(c => char.IsControl(c) || c == '\\');
    }
}
