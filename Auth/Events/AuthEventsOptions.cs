namespace BlazorAuth.Auth.Events;

/// <summary>
/// Provider events, set in code: <c>services.Configure&lt;AuthEventsOptions&gt;(o => o.ForProvider("ca", e => …))</c>.
/// Providers without events of their own use <see cref="Default"/>.
/// </summary>
public sealed class AuthEventsOptions
{
    private readonly Dictionary<string, AuthProviderEvents> _providers = new(StringComparer.Ordinal);

    public AuthProviderEvents Default { get; } = new();

    public AuthEventsOptions ForProvider(string providerId, Action<AuthProviderEvents> configure)
    {
        if (!_providers.TryGetValue(providerId, out var events))
        {
            _providers[providerId] = events = new AuthProviderEvents();
        }

        configure(events);
        return this;
    }

    public AuthProviderEvents Of(string providerId) => _providers.GetValueOrDefault(providerId) ?? Default;
}
