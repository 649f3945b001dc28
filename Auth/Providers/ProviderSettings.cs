using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers;

/// <summary>Start-up checks that several provider types share.</summary>
public static class ProviderSettings
{
    /// <summary>A confidential client: an id, and a token endpoint authentication method this app speaks.</summary>
    public static IEnumerable<string> CheckClient(string id, ProviderOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            yield return $"Auth:Providers:{id}:ClientId is required.";
        }

        if (options.ClientAuthentication is not (null or ClientCredentials.Basic or ClientCredentials.Post))
        {
            yield return $"Auth:Providers:{id}:ClientAuthentication must be {ClientCredentials.Basic} or {ClientCredentials.Post}.";
        }
    }
}
