using Microsoft.Extensions.Hosting;

namespace BlazorAuth.Auth.Storage;

/// <summary>Starts the chosen <see cref="AuthStorage"/> before the app takes requests, then runs its upkeep.</summary>
internal sealed class AuthStorageHost(AuthStorage storage) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.StartAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => storage.RunAsync(stoppingToken);
}
