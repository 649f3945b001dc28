using BlazorAuth.Auth.Configuration;
using BlazorAuth.DemoIdentityProvider;
using Microsoft.Extensions.Options;

namespace BlazorAuth.App;

/// <summary>Once the app listens, one line says where it is and how to sign in.</summary>
internal sealed partial class StartupBanner(IHostApplicationLifetime lifetime, IOptions<AuthOptions> options, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var origin = options.Value.PublicOrigin!;
            if (options.Value.Providers.ContainsKey(DemoIdentityProviderOptions.ProviderId))
            {
                Ready(logger, origin, string.Join(" or ", DemoUsers.All.Select(u => $"{u.UserName} / {u.Password}")));
            }
            else
            {
                ReadyWithProviders(logger, origin, string.Join(", ", options.Value.Providers.Values.Select(p => p.DisplayName ?? p.Type)));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1400, LogLevel.Information, "BlazorAuth is running at {Origin}: open it and click \"Continue with Demo\" ({Users})")]
    private static partial void Ready(ILogger logger, string origin, string users);

    [LoggerMessage(1401, LogLevel.Information, "BlazorAuth is running at {Origin}: open it and sign in with {Providers}")]
    private static partial void ReadyWithProviders(ILogger logger, string origin, string providers);
}
