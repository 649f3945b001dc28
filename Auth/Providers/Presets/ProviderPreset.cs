using BlazorAuth.Auth.Configuration;

namespace BlazorAuth.Auth.Providers.Presets;

/// <summary>
/// A well-known provider as a named configuration over <c>oidc</c> or <c>oauth2</c>: the app supplies only its
/// client id and secret (and the tenant or domain where the provider needs one).
/// </summary>
/// <param name="Type">The name used as <c>Auth:Providers:{id}:Type</c>.</param>
/// <param name="BaseType">The provider type it configures.</param>
/// <param name="Needs">The setting the app must give besides the client (<c>Tenant</c> or <c>Domain</c>), if any.</param>
/// <param name="Expand">Fills in the provider's known settings; the app's own settings win.</param>
public sealed record ProviderPreset(string Type, string BaseType, string DisplayName, string? Needs, Action<ProviderOptions> Expand)
{
    public ProviderOptions Apply(ProviderOptions configured)
    {
        var expanded = new ProviderOptions
        {
            Type = BaseType,
            DisplayName = configured.DisplayName ?? DisplayName,
            ClientId = configured.ClientId,
            ClientSecret = configured.ClientSecret,
            ClientAuthentication = configured.ClientAuthentication,
            Tenant = configured.Tenant,
            Domain = configured.Domain,
            AllowedEmailDomains = configured.AllowedEmailDomains,
            AuthorizeParameters = configured.AuthorizeParameters,
            PromptConsentForOfflineAccess = configured.PromptConsentForOfflineAccess,
            FrontchannelLogout = configured.FrontchannelLogout,
            RenewWithoutRefreshToken = configured.RenewWithoutRefreshToken,
        };
        Expand(expanded);
        expanded.Authority = configured.Authority ?? expanded.Authority;
        expanded.Scopes = configured.Scopes ?? expanded.Scopes;
        return expanded;
    }
}
