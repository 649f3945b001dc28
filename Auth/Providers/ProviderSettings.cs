using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers;

/// <summary>Settings several provider types share: their start-up checks, and the extra authorize parameters.</summary>
internal static class ProviderSettings
{
    /// <summary>A confidential client: an id, and a token endpoint authentication method this app speaks.</summary>
    public static IEnumerable<string> CheckClient(string id, ClientProviderOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            yield return $"Auth:Providers:{id}:ClientId is required.";
        }

        if (options.ClientAuthentication is not (null or ClientCredentials.Basic or ClientCredentials.Post))
        {
            yield return $"Auth:Providers:{id}:ClientAuthentication must be {ClientCredentials.Basic} or {ClientCredentials.Post}.";
        }

        foreach (var (name, value) in options.AuthorizeParameters)
        {
            if (ProtocolParameters.Contains(name) || !IsParameterName(name) || value.Length > 512 || value.Any(char.IsControl))
            {
                yield return $"Auth:Providers:{id}:AuthorizeParameters:{name} cannot be set: the protocol's own parameters are the app's, and names are letters, digits, '_', '-' and '.'.";
            }
        }
    }

    /// <summary>The error for a provider configured in code with options that are not its type's.</summary>
    public static string NotItsType(string id, string optionsType) =>
        $"Auth:Providers:{id} is configured in code; give it as {optionsType}, the options of its type.";

    /// <summary>What the app itself puts on every authorize request; configuration may not replace them.</summary>
    private static readonly HashSet<string> ProtocolParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method", "nonce",
        "response_mode", "request", "request_uri",
    };

    private static bool IsParameterName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>
    /// The configured extra authorize parameters, plus <c>prompt=consent</c> where an OIDC provider would otherwise
    /// be free to drop <c>offline_access</c>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> AuthorizeParametersOf(ClientProviderOptions options, string scope, bool promptConsentForOfflineAccess)
    {
        var parameters = options.AuthorizeParameters.ToList();
        if (promptConsentForOfflineAccess
            && scope.Split(' ').Contains("offline_access", StringComparer.Ordinal)
            && !parameters.Any(p => string.Equals(p.Key, "prompt", StringComparison.OrdinalIgnoreCase)))
        {
            parameters.Add(new("prompt", "consent"));
        }

        return parameters;
    }
}
