using BlazorAuth.Auth.Errors;
using Microsoft.Extensions.Hosting;

namespace BlazorAuth.Auth.Providers;

/// <summary>Loads every provider's metadata at start-up, so the first sign-in does not wait for discovery.</summary>
internal sealed class MetadataWarmup(AuthProviderRegistry registry) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var provider in registry.All.OfType<IAuthorizationCodeSignIn>())
        {
            try
            {
                await provider.GetAuthorizeTargetAsync(stoppingToken);
            }
            catch (AuthFlowException)
            {
                // Logged where it failed; the first /start tries again and reports it to the user.
            }
        }
    }
}
