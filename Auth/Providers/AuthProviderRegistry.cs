using System.Diagnostics.CodeAnalysis;
using BlazorAuth.Auth.Configuration;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Providers;

/// <summary>The configured providers, built once from options by the factory of each one's type.</summary>
public sealed class AuthProviderRegistry
{
    private readonly Dictionary<string, IAuthProvider> _providers;

    public AuthProviderRegistry(IOptions<AuthOptions> options, IEnumerable<IAuthProviderFactory> factories)
    {
        var byType = factories.ToDictionary(f => f.Type, StringComparer.OrdinalIgnoreCase);
        _providers = options.Value.Providers.ToDictionary(
            p => p.Key,
            p => byType[p.Value.Type!].Create(p.Key, p.Value, options.Value),
            StringComparer.Ordinal);
        All = [.. _providers.Values.OrderBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }

    public IReadOnlyList<IAuthProvider> All { get; }

    public bool TryGet(string id, [NotNullWhen(true)] out IAuthProvider? provider) =>
        _providers.TryGetValue(id, out provider);
}
