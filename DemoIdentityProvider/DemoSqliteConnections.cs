using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>
/// Settings for each connection to the demo provider's database. Two token requests writing at once otherwise meet
/// SQLITE_BUSY, on which Microsoft.Data.Sqlite sleeps 150 ms before trying again (the provider's p99 in bench/run.sh);
/// SQLite's own busy handler waits in steps of milliseconds instead. The demo's tokens are not worth a disk flush per
/// commit, which write-ahead logging with <c>synchronous=NORMAL</c> spares.
/// </summary>
internal sealed class DemoSqliteConnections : DbConnectionInterceptor
{
    private const string Settings = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

    /// <summary>The demo provider's database: SQLite at <paramref name="connectionString"/>, with these settings, for OpenIddict.</summary>
    public static void Use(DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlite(connectionString).AddInterceptors(new DemoSqliteConnections()).UseOpenIddict();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Settings;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Settings;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
