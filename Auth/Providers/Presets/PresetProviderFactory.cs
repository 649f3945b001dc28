using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.Extensions.Configuration;

namespace BlazorAuth.Auth.Providers.Presets;

/// <summary>Binds a preset's settings into the options of the type it configures, and builds the provider through that type's factory.</summary>
internal sealed class PresetProviderFactory(ProviderPreset preset, IAuthProviderFactory inner) : IAuthProviderFactory
{
    public string Type => preset.Type;

    public ProviderOptions Bind(IConfiguration settings)
    {
        var options = settings.Get<PresetProviderOptions>() ?? new PresetProviderOptions();
        options.Applied = inner.Bind(settings) is ClientProviderOptions configured ? preset.Apply(configured, options.Tenant, options.Domain) : null;
        return options;
    }

    public IEnumerable<string> Validate(string id, ProviderOptions options)
    {
        if (options is not PresetProviderOptions { Applied: { } applied } presetOptions)
        {
            return [ProviderSettings.NotItsType(id, nameof(PresetProviderOptions))];
        }

        var needed = preset.Needs switch
        {
            "Tenant" => presetOptions.Tenant,
            "Domain" => presetOptions.Domain,
            _ => "-",
        };
        if (string.IsNullOrWhiteSpace(needed) || (preset.Needs == "Domain" && Uri.CheckHostName(needed) != UriHostNameType.Dns)
            || (preset.Needs == "Tenant" && needed is "common" or "organizations" or "consumers"))
        {
            return [$"Auth:Providers:{id}:{preset.Needs} is required for the {preset.Type} preset (a {preset.Needs!.ToLowerInvariant()} of your own)."];
        }

        return inner.Validate(id, applied);
    }

    public IAuthProvider Create(string id, ProviderOptions options, AuthOptions auth) =>
        inner.Create(id, ((PresetProviderOptions)options).Applied!, auth);
}
