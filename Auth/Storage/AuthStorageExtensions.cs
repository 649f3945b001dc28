using BlazorAuth.Auth.Storage.Redis;
using BlazorAuth.Auth.Storage.Sqlite;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorAuth.Auth.Storage;

/// <summary>
/// Chooses where sessions and Data Protection keys live: Redis when <c>ConnectionStrings:Redis</c> is set (nothing
/// then stays on the instance), else an SQLite file and a key directory in <see cref="DataDirectoryOf"/>.
/// </summary>
public static class AuthStorageExtensions
{
    /// <summary>Fixed, so that cookies survive a move of the content root (the default name is its path).</summary>
    public const string ApplicationName = "BlazorAuth";

    public const string RedisConnectionStringName = "Redis";

    /// <summary>
    /// <c>Auth:DataDirectory</c>, else a directory of the user's own (<c>~/.local/share/BlazorAuth</c> on Linux), so
    /// the store and keys outlive a redeploy to another path; with no home directory, <c>App_Data</c> in the content root.
    /// </summary>
    public static string DataDirectoryOf(IConfiguration configuration)
    {
        if (configuration["Auth:DataDirectory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return local.Length > 0
            ? Path.Combine(local, ApplicationName)
            : Path.Combine(configuration[HostDefaults.ContentRootKey] ?? AppContext.BaseDirectory, "App_Data");
    }

    public static IServiceCollection AddAuthStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<SingleUseStore>();
        if (configuration.GetConnectionString(RedisConnectionStringName) is { Length: > 0 } redis)
        {
            var connection = new RedisConnection(redis);
            services.AddSingleton(connection);
            services.AddSingleton<RedisAuthStore>();
            services.AddSingleton<IAuthStore>(sp => Instrumented<RedisAuthStore>(sp));
            dataProtection.PersistKeysToStackExchangeRedis(() => connection.Database, "blazorauth:data-protection-keys");
            services.AddHostedService(_ => new AuthStoreStartup(connection.ConnectAsync));
            return services;
        }

        var directory = DataDirectoryOf(configuration);
        services.AddSingleton(sp => new SqliteAuthStore(Path.Combine(directory, "sessions.db"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuthStore>(sp => Instrumented<SqliteAuthStore>(sp));
        dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(directory, "keys")));
        services.AddHostedService(sp => new AuthStoreStartup(() =>
        {
            sp.GetRequiredService<SqliteAuthStore>();
            PrivateFiles.EnsureDirectory(Path.Combine(directory, "keys"));
            return Task.CompletedTask;
        }));
        services.AddHostedService<SqliteStoreCleanup>();
        return services;
    }

    private static InstrumentedAuthStore Instrumented<TStore>(IServiceProvider services)
        where TStore : IAuthStore =>
        new(services.GetRequiredService<TStore>(), services.GetRequiredService<AuthTelemetry>(), services.GetRequiredService<TimeProvider>());

    /// <summary>Opens the store before the app takes requests: a store that cannot work stops the app with its reason.</summary>
    private sealed class AuthStoreStartup(Func<Task> start) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => start();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
