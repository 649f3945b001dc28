using Microsoft.AspNetCore.DataProtection.Repositories;

namespace BlazorAuth.Auth.Storage;

/// <summary>
/// Where the library keeps what it must remember: its <see cref="IAuthStore"/> and, unless the host configured Data
/// Protection itself, the key ring. Built in: an SQLite file in <see cref="AuthStorageExtensions.DataDirectoryOf"/>.
/// A storage package (BlazorAuth.Auth.Redis) brings another and registers it with
/// <see cref="BlazorAuthBuilder.UseStorage{TStorage}"/>, so the core carries none of its dependencies.
/// </summary>
public abstract class AuthStorage
{
    /// <summary>The store; the same instance every time it is asked for.</summary>
    public abstract IAuthStore Store { get; }

    /// <summary>Where the Data Protection keys live; asked for only when the host configured no key location of its own.</summary>
    /// <remarks>
    /// A repository that cannot reach its storage should throw <see cref="AuthStoreUnavailableException"/>: pages and
    /// routes then answer 503 (see <see cref="StoreOutage"/>) rather than 500.
    /// </remarks>
    public abstract IXmlRepository CreateKeyRepository();

    /// <summary>Runs before the app takes requests; a store that cannot work throws, and the app stops with the reason.</summary>
    public virtual Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs for the app's life, for upkeep the store does not do by itself (deleting expired entries).</summary>
    public virtual Task RunAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
