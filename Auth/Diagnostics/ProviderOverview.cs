using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Diagnostics;

/// <summary>What the providers page shows of each configured provider.</summary>
public sealed class ProviderOverview
{
    private readonly AuthProviderRegistry registry;
    private readonly ProviderHealth health;
    private readonly SignInDiagnostics diagnostics;

    internal ProviderOverview(AuthProviderRegistry registry, IOptions<AuthOptions> options, ProviderHealth health, SignInDiagnostics diagnostics)
    {
        this.registry = registry;
        this.health = health;
        this.diagnostics = diagnostics;
        Providers = [.. registry.All.Select(p => new ProviderSummary(p.Id, p.DisplayName, p.Type, options.Value.PublicOrigin + options.Value.CallbackPath(p.Id), p.OffersSignIn()))];
    }

    public IReadOnlyList<ProviderSummary> Providers { get; }

    public async Task<ProviderStatus> CheckAsync(string providerId, CancellationToken cancellationToken) =>
        registry.TryGet(providerId, out var provider)
            ? await health.CheckAsync(provider, cancellationToken)
            : throw new ArgumentException("Not a configured provider.", nameof(providerId));

    public SignInOutcome? LastOutcome(string providerId) => diagnostics.LastOutcome(providerId);
}

/// <param name="CallbackUrl">The redirect URI to register in the provider's console.</param>
public sealed record ProviderSummary(string Id, string DisplayName, string Type, string CallbackUrl, bool OffersSignIn);
