using BlazorAuth.Auth.Configuration;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>The authentication schemes the popup drives, by scheme name, with the provider id each one serves.</summary>
internal sealed class DrivenSchemes(IOptions<AuthOptions> options)
{
    private readonly Lazy<Dictionary<string, string>> _providers = new(() => options.Value.Providers
        .Select(p => (Scheme: SchemeProviderFactory.SchemeNameOf(p.Key, p.Value), ProviderId: p.Key))
        .Where(p => p.Scheme is not null)
        .ToDictionary(p => p.Scheme!, p => p.ProviderId, StringComparer.Ordinal));

    public bool TryGetProvider(string scheme, out string providerId) => _providers.Value.TryGetValue(scheme, out providerId!);

    public bool Contains(string scheme) => _providers.Value.ContainsKey(scheme);
}
