using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>Ends what a provider's back-channel logout token names: one of its sessions, or all of a user's.</summary>
internal static class ProviderLogouts
{
    public static async Task EndAsync(SessionRegistry sessions, ProviderLogout logout, string provider, ILogger logger, CancellationToken cancellationToken)
    {
        if (logout.ProviderSessionId is { } providerSession)
        {
            await sessions.EndByProviderSessionAsync(logout.Issuer, providerSession, cancellationToken);
        }
        else
        {
            await sessions.EndAllAsync(SessionRegistry.UserKeyOf(logout.Issuer, logout.Subject!), cancellationToken);
        }

        AuthLog.SignedOut(logger, provider);
    }
}
