using BlazorAuth.Auth.Storage.Sqlite;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorAuth.Auth.Storage;

/// <summary>
/// Where sessions and Data Protection keys live: the <see cref="AuthStorage"/> the host chose
/// (<see cref="BlazorAuthBuilder.UseStorage{TStorage}"/>), else an SQLite file and a key directory in <see cref="DataDirectoryOf"/>.
/// </summary>
public static class AuthStorageExtensions
{
    /// <summary>
    /// <c>Auth:DataDirectory</c>, else a directory of the user's own named for the application
    /// (<c>~/.local/share/{ApplicationName}</c> on Linux), so the store and keys outlive a redeploy to another path and
    /// no two apps share them; with no home directory, <c>App_Data</c> in the content root.
    /// </summary>
    public static string DataDirectoryOf(IConfiguration configuration)
    {
        if (configuration["Auth:DataDirectory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return local.Length > 0
            ? Path.Combine(local, DirectoryName(configuration[HostDefaults.ApplicationKey]))
            : Path.Combine(configuration[HostDefaults.ContentRootKey] ?? AppContext.BaseDirectory, "App_Data");
    }

    /// <summary>The application's name as one safe path segment; a host with none gets the library's.</summary>
    private static string DirectoryName(string? applicationName)
    {
        var safe = new string((applicationName ?? "").Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return safe.Length > 0 ? safe : "BlazorAuth";
    }

    /// <summary>
    /// The storage every service uses: the host's <see cref="AuthStorage"/> when it chose one (before or after this
    /// call), else the SQLite file in <see cref="DataDirectoryOf"/>.
    /// </summary>
    internal static IServiceCollection AddAuthStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SingleUseStore>();
        services.TryAddSingleton<AuthStorage>(sp => new SqliteStorage(
            DataDirectoryOf(configuration), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.AddSingleton<IAuthStore>(sp => new InstrumentedAuthStore(
            sp.GetRequiredService<AuthStorage>().Store, sp.GetRequiredService<AuthTelemetry>(), sp.GetRequiredService<TimeProvider>()));
        new DefaultDataProtection(services).Register();
        services.AddHostedService<AuthStorageHost>();
        return services;
    }
}
