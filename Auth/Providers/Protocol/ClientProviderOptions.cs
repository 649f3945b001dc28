using BlazorAuth.Auth.Configuration;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>The settings of a provider the app is an OAuth 2.0 client of.</summary>
public class ClientProviderOptions : ProviderOptions
{
    /// <summary>
    /// The issuer URL: for <c>oidc</c>, discovery is read from <c>{Authority}/.well-known/openid-configuration</c>;
    /// for <c>oauth2</c> (optional) the issuer an RFC 9207 <c>iss</c> must name; for <c>centralauth</c>, its base URL.
    /// </summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Space-separated scopes. Default for <c>oidc</c>: <c>openid profile email</c>.</summary>
    public string? Scopes { get; set; }

    /// <summary>
    /// How the client authenticates at the token endpoint: <c>client_secret_basic</c> or <c>client_secret_post</c>.
    /// Default: basic, unless the provider's metadata offers only post.
    /// </summary>
    public string? ClientAuthentication { get; set; }

    /// <summary>
    /// Extra parameters for the authorize request (e.g. <c>prompt</c>, <c>acr_values</c>, <c>login_hint</c>); the
    /// protocol's own parameters cannot be set here. Default: none.
    /// </summary>
    public Dictionary<string, string> AuthorizeParameters { get; set; } = [];

    public override string? PagesOrigin => Authority;
}
