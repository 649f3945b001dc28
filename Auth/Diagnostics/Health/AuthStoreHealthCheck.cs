using BlazorAuth.Auth.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorAuth.Auth.Diagnostics.Health;

/// <summary>Ready only while the session store answers a round trip: without it nobody can sign in or refresh.</summary>
internal sealed class AuthStoreHealthCheck(IAuthStore store) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await store.PingAsync(timeout.Token).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy("The session store answers.");
        }
        catch (Exception e) when (e is AuthStoreUnavailableException or OperationCanceledException)
        {
            // The exception's text can carry connection details; readiness says only what failed.
            return HealthCheckResult.Unhealthy("The session store does not answer.");
        }
    }
}
