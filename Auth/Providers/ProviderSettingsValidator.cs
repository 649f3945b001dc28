using System.Text.RegularExpressions;
using BlazorAuth.Auth.Configuration;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Providers;

/// <summary>Checks each configured provider at start-up: its id, its type, and its settings by the factory of that type.</summary>
internal sealed partial class ProviderSettingsValidator(IEnumerable<IAuthProviderFactory> factories) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        var byType = factories.ToDictionary(f => f.Type, StringComparer.OrdinalIgnoreCase);
        foreach (var (id, provider) in options.Providers)
        {
            if (!ProviderId().IsMatch(id))
            {
                errors.Add($"Auth:Providers:{id}: a provider id may hold only a-z, 0-9 and '-'.");
                continue;
            }

            if (provider.Type is null || !byType.TryGetValue(provider.Type, out var factory))
            {
                errors.Add($"Auth:Providers:{id}:Type must be one of: {string.Join(", ", byType.Keys)}.");
                continue;
            }

            errors.AddRange(factory.Validate(id, provider));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex ProviderId();
}
