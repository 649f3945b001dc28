using BlazorAuth.Auth.Storage.Redis;
using BlazorAuth.Auth.Storage.Sqlite;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
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
    public const string RedisConnectionStringName = "Redis";

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

    public static IServiceCollection AddAuthStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SingleUseStore>();
        if (configuration.GetConnectionString(RedisConnectionStringName) is { Length: > 0 } redis)
        {
            var connection = new RedisConnection(redis);
            services.AddSingleton(connection);
            services.AddSingleton<RedisAuthStore>();
            services.AddSingleton<IAuthStore>(sp => Instrumented<RedisAuthStore>(sp));
            new DefaultDataProtection(services, _ => new RedisXmlRepository(() => connection.Database, "blazorauth:data-protection-keys")).Register();
            services.AddHostedService(_ => new AuthStoreStartup(connection.ConnectAsync));
            return services;
        }

        var directory = DataDirectoryOf(configuration);
        services.AddSingleton(sp => new SqliteAuthStore(Path.Combine(directory, "sessions.db"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuthStore>(sp => Instrumented<SqliteAuthStore>(sp));
        new DefaultDataProtection(services, sp => new FileSystemXmlRepository(
            new DirectoryInfo(Path.Combine(directory, "keys")), sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)).Register();
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
