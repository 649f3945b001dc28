using BlazorAuth.Auth.Configuration;
using Microsoft.Extensions.Configuration;

namespace BlazorAuth.Auth.Providers;

/// <summary>Each configured provider's section, bound by the factory of its type into that type's own options.</summary>
internal static class ProviderOptionsBinding
{
    public static void Bind(AuthOptions options, IConfiguration auth, IEnumerable<IAuthProviderFactory> factories)
    {
        var byType = factories.ToDictionary(f => f.Type, StringComparer.OrdinalIgnoreCase);
        foreach (var provider in auth.GetSection("Providers").GetChildren())
        {
            // An unknown type stays as it is, for the start-up validation to name it.
            if (provider["Type"] is { } type && byType.TryGetValue(type, out var factory))
            {
                options.Providers[provider.Key] = factory.Bind(provider);
            }
        }
    }
}
