using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.Presets;

/// <summary>A preset provider's settings: the tenant or domain it needs, and the type it configures with the preset applied.</summary>
public sealed class PresetProviderOptions : ProviderOptions
{
    /// <summary>The Microsoft Entra ID tenant (id or domain). Required for <c>entra</c>.</summary>
    public string? Tenant { get; set; }

    /// <summary>The provider's domain (<c>okta</c>, <c>auth0</c>; a self-managed <c>gitlab</c>).</summary>
    public string? Domain { get; set; }

    /// <summary>The options of the type the preset configures, its well-known settings filled in.</summary>
    public ClientProviderOptions? Applied { get; set; }

    public override string? PagesOrigin => Applied?.PagesOrigin;
}
