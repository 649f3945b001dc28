using BlazorAuth.Auth.Configuration;
using Microsoft.Extensions.Configuration;

namespace BlazorAuth.Auth.Providers;

/// <summary>Builds providers of one <see cref="ProviderOptions.Type"/>; register one per provider type.</summary>
public interface IAuthProviderFactory
{
    string Type { get; }

    /// <summary>The type's own options, bound from a provider's section (<c>Auth:Providers:{id}</c>).</summary>
    ProviderOptions Bind(IConfiguration settings);

    /// <summary>What is wrong with a provider's settings, checked at start-up.</summary>
    IEnumerable<string> Validate(string id, ProviderOptions options);

    /// <summary>Builds the provider from options <see cref="Validate"/> found nothing wrong with.</summary>
    /// <param name="id">The provider's id.</param>
    /// <param name="options">The type's own options, as <see cref="Bind"/> gave them or code configured them.</param>
    /// <param name="auth">The whole auth configuration, for what providers share (the public origin).</param>
    IAuthProvider Create(string id, ProviderOptions options, AuthOptions auth);
}
