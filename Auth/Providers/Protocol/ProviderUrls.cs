namespace BlazorAuth.Auth.Providers.Protocol;

internal static class ProviderUrls
{
    /// <summary>An absolute https URL, or http on loopback (a provider on this machine, for development and tests).</summary>
    public static bool IsSafe(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
