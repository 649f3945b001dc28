using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.Presets;

/// <summary>
/// A well-known provider as a named configuration over <c>oidc</c> or <c>oauth2</c>: the app supplies only its
/// client id and secret (and the tenant or domain where the provider needs one).
/// </summary>
/// <param name="Type">The name used as <c>Auth:Providers:{id}:Type</c>.</param>
/// <param name="BaseType">The provider type it configures.</param>
/// <param name="Needs">The setting the app must give besides the client (<c>Tenant</c> or <c>Domain</c>), if any.</param>
/// <param name="Expand">Fills in the provider's known settings, given the tenant and domain.</param>
public sealed record ProviderPreset(
    string Type, string BaseType, string DisplayName, string? Needs, Action<ClientProviderOptions, string?, string?> Expand)
{
    /// <summary>The base type's options the app bound, with the preset's settings filled in; the app's own authority and scopes win.</summary>
    public ClientProviderOptions Apply(ClientProviderOptions configured, string? tenant, string? domain)
    {
        var (authority, scopes) = (configured.Authority, configured.Scopes);
        Expand(configured, tenant, domain);
        configured.Type = BaseType;
        configured.DisplayName ??= DisplayName;
        configured.Authority = authority ?? configured.Authority;
        configured.Scopes = scopes ?? configured.Scopes;
        return configured;
    }
}
