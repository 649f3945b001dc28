using BlazorAuth.Auth.Providers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorAuth.Auth.Diagnostics.Health;

/// <summary>
/// Ready only while every provider's metadata and keys load and its sign-in page answers. Each provider is probed at
/// most once a minute (<see cref="ProviderHealth"/>), so a readiness probe cannot be used to hammer a provider.
/// </summary>
internal sealed class ProvidersHealthCheck(AuthProviderRegistry registry, ProviderHealth health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var statuses = await Task.WhenAll(registry.All.Select(async p => (Provider: p, Status: await health.CheckAsync(p, cancellationToken))));
        var data = statuses.ToDictionary(s => s.Provider.Id, s => (object)(s.Status.Answers ? "answers" : "does not answer"));
        var failing = statuses.Where(s => !s.Status.Answers).Select(s => s.Provider.Id).ToList();
        return failing.Count == 0
            ? HealthCheckResult.Healthy("Every provider answers.", data)
            : HealthCheckResult.Unhealthy($"Not answering: {string.Join(", ", failing)}.", data: data);
    }
}
