namespace BlazorAuth.Auth.Configuration;

/// <summary>
/// Works out the app's public origin when <c>Auth:PublicOrigin</c> is not set, from the listen URLs in
/// configuration (what <c>--urls</c> and <c>ASPNETCORE_URLS</c> set), never from a request's Host header.
/// </summary>
internal static class PublicOriginResolver
{
    private const string KestrelDefault = "http://localhost:5000";

    public static string Resolve(string? configured, string? listenUrls)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Normalize(configured);
        }

        var first = listenUrls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is null ? KestrelDefault : Normalize(ReplaceWildcardHost(first));
    }

    internal static bool TryNormalize(string value, out string origin)
    {
        origin = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.UserInfo)
            || uri.PathAndQuery is not ("/" or "")
            || !string.IsNullOrEmpty(uri.Fragment))
        {
            return false;
        }

        origin = uri.GetLeftPart(UriPartial.Authority);
        return true;
    }

    private static string Normalize(string value) =>
        TryNormalize(value.TrimEnd('/'), out var origin) ? origin : value;

    // A server bound to every interface is reached by its users on localhost when nothing else is configured.
    private static string ReplaceWildcardHost(string url)
    {
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
        {
            if (url.Contains(wildcard, StringComparison.Ordinal))
            {
                return url.Replace(wildcard, "://localhost", StringComparison.Ordinal);
            }
        }

        return url;
    }
}
