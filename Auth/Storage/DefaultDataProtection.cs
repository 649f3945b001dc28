using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Storage;

/// <summary>
/// Data Protection as the library needs it (keys that outlive a restart and are shared by every instance, a name that
/// does not change when the app moves), applied only when the host configured none of it itself: whatever the host
/// set (a key location, an application name, before or after <c>AddBlazorAuth</c>) is left as it is. The keys live where
/// the chosen <see cref="AuthStorage"/> keeps them. New keys are AES-256-GCM rather than the framework's AES-256-CBC with
/// HMAC-SHA256: every sign-in start seals its state, and on Linux GCM seals in less than half the time
/// (bench/README.md); keys made before keep the algorithm they were made with.
/// </summary>
/// <remarks>
/// The service collection is read when the options are first built, after the host has registered everything, so the
/// order of the host's calls does not matter. The framework registers its own defaults by type; what a host configures
/// arrives as an instance or a factory (<c>services.Configure</c>, which <c>PersistKeysTo…</c> and
/// <c>SetApplicationName</c> use, or an <c>AddSingleton</c> with a factory, as <c>PersistKeysToDbContext</c> does).
/// </remarks>
internal sealed class DefaultDataProtection(IServiceCollection services)
{
    public bool HostConfigured => services.Any(d =>
        (d.ServiceType == typeof(IConfigureOptions<KeyManagementOptions>) || d.ServiceType == typeof(IConfigureOptions<DataProtectionOptions>))
        && d.ImplementationType is null);

    public void Register()
    {
        services.AddDataProtection();
        services.AddSingleton<IPostConfigureOptions<KeyManagementOptions>>(sp => new KeyRing(this, sp));
        services.AddSingleton<IPostConfigureOptions<DataProtectionOptions>>(sp => new ApplicationName(this, sp.GetService<IHostEnvironment>()));
    }

    private sealed class KeyRing(DefaultDataProtection defaults, IServiceProvider services) : IPostConfigureOptions<KeyManagementOptions>
    {
        public void PostConfigure(string? name, KeyManagementOptions options)
        {
            if (defaults.HostConfigured)
            {
                return;
            }

            options.XmlRepository ??= services.GetRequiredService<AuthStorage>().CreateKeyRepository();
            options.AuthenticatedEncryptorConfiguration = new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            };
        }
    }

    /// <summary>The host's application name rather than the content root's path (the framework's default), so that keys and cookies survive a move.</summary>
    private sealed class ApplicationName(DefaultDataProtection defaults, IHostEnvironment? host) : IPostConfigureOptions<DataProtectionOptions>
    {
        public void PostConfigure(string? name, DataProtectionOptions options)
        {
            if (!defaults.HostConfigured && host?.ApplicationName is { Length: > 0 } application)
            {
                options.ApplicationDiscriminator = application;
            }
        }
    }
}
