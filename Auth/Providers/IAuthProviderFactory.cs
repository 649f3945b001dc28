using BlazorAuth.Auth.Configuration;

namespace BlazorAuth.Auth.Providers;

/// <summary>Builds providers of one <see cref="ProviderOptions.Type"/>; register one per provider type.</summary>
public interface IAuthProviderFactory
{
    string Type { get; }

    /// <summary>What is wrong with a provider's settings, checked at start-up.</summary>
    IEnumerable<string> Validate(string id, ProviderOptions options);

    /// <param name="auth">The whole auth configuration, for what providers share (the public origin).</param>
    IAuthProvider Create(string id, ProviderOptions options, AuthOptions auth);
}
