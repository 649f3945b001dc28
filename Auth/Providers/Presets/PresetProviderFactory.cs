using BlazorAuth.Auth.Configuration;

namespace BlazorAuth.Auth.Providers.Presets;

/// <summary>Builds a preset's provider through the factory of the type it configures.</summary>
internal sealed class PresetProviderFactory(ProviderPreset preset, IAuthProviderFactory inner) : IAuthProviderFactory
{
    public string Type => preset.Type;

    public IEnumerable<string> Validate(string id, ProviderOptions options)
    {
        var needed = preset.Needs switch
        {
            "Tenant" => options.Tenant,
            "Domain" => options.Domain,
            _ => "-",
        };
        if (string.IsNullOrWhiteSpace(needed) || (preset.Needs == "Domain" && Uri.CheckHostName(needed) != UriHostNameType.Dns)
            || (preset.Needs == "Tenant" && needed is "common" or "organizations" or "consumers"))
        {
            return [$"Auth:Providers:{id}:{preset.Needs} is required for the {preset.Type} preset (a {preset.Needs!.ToLowerInvariant()} of your own)."];
        }

        return inner.Validate(id, preset.Apply(options));
    }

    public IAuthProvider Create(string id, ProviderOptions options, AuthOptions auth) => inner.Create(id, preset.Apply(options), auth);
}
