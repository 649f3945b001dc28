using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.OAuth2;

/// <summary>An <c>oauth2</c> provider's settings, bound from <c>Auth:Providers:{id}</c>.</summary>
public sealed class OAuth2ProviderOptions : ClientProviderOptions
{
    /// <summary>Where the popup signs in. Required.</summary>
    public string? AuthorizationEndpoint { get; set; }

    /// <summary>Where the code is exchanged. Required.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The JSON user endpoint read with the access token. Required.</summary>
    public string? UserInfoEndpoint { get; set; }

    /// <summary>
    /// An endpoint listing the user's addresses as a JSON array of <c>{email, verified, primary}</c> (GitHub's
    /// <c>/user/emails</c>); the user's email is then their primary verified one. Default: none.
    /// </summary>
    public string? VerifiedEmailsEndpoint { get; set; }

    /// <summary>An RFC 7009 revocation endpoint to call on logout. Default: none.</summary>
    public string? RevocationEndpoint { get; set; }

    /// <summary>Whether the provider takes PKCE. Default: true.</summary>
    public bool UsePkce { get; set; } = true;

    /// <summary>Which user JSON members hold the user's id, email, name and picture.</summary>
    public ClaimMappingOptions ClaimMapping { get; set; } = new();

    public override string? PagesOrigin => Authority ?? AuthorizationEndpoint;
}
