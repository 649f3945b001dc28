using Microsoft.Data.Sqlite;

namespace BlazorAuth.Auth.Storage.Sqlite;

/// <summary>
/// The store in one SQLite file: durable across restarts with no server to run. Write-ahead logging lets reads
/// run beside a write; commits are not flushed to disk one by one (<c>synchronous=NORMAL</c>), so a crash of the
/// app loses nothing and a power cut at most the last moments' writes.
/// </summary>
public sealed class SqliteAuthStore : IAuthStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public SqliteAuthStore(string path, TimeProvider time)
    {
        Path = path;
        _time = time;

        // Pooled: opening a connection takes one from the pool rather than opening the file again.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();
        Initialize();
    }

    public string Path { get; }

    public bool IsAvailable => true;

    /// <summary>Creates the file and its table and proves it can be written, or says which file cannot be and why.</summary>
    private void Initialize()
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using var connection = Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS entries_by_expiry ON entries (expires);
                BEGIN IMMEDIATE;
                COMMIT;
                """);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"BlazorAuth cannot write its session store '{Path}': {e.Message} Make the file and its directory writable, stop whatever holds it locked, or set Auth:DataDirectory to another directory.",
                e);
        }
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => Run(connection =>
    {
        using var command = Command(connection, "SELECT value FROM entries WHERE key = $key AND expires > $now", key);
        return command.ExecuteScalar() as byte[];
    });

    public Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) => Run(connection =>
    {
        using var command = Command(connection,
            "INSERT INTO entries (key, value, expires) VALUES ($key, $value, $expires) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
            key, value, expiresAt);
        return command.ExecuteNonQuery();
    });

    public Task<bool> TryAddAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) => Run(connection =>
    {
        // An expired row counts as absent: it is taken over in the same statement, so the add stays atomic.
        using var command = Command(connection,
            "INSERT INTO entries (key, value, expires) VALUES ($key, $value, $expires) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires WHERE entries.expires <= $now",
            key, value, expiresAt);
        return command.ExecuteNonQuery() == 1;
    });

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => Run(connection =>
    {
        using var command = Command(connection, "DELETE FROM entries WHERE key = $key", key);
        return command.ExecuteNonQuery();
    });

    public Task<bool> RemoveIfEqualAsync(string key, byte[] expected, CancellationToken cancellationToken) => Run(connection =>
    {
        using var command = Command(connection, "DELETE FROM entries WHERE key = $key AND value = $value", key, expected);
        return command.ExecuteNonQuery() == 1;
    });

    public Task PingAsync(CancellationToken cancellationToken) => Run(connection =>
    {
        using var command = Command(connection, "SELECT count(*) FROM entries WHERE key = $key", "blazorauth:ping");
        return command.ExecuteScalar();
    });

    /// <summary>Deletes up to <paramref name="batch"/> expired rows; answers how many it deleted.</summary>
    public Task<int> RemoveExpiredAsync(int batch) => Run(connection =>
    {
        using var command = Command(connection, "DELETE FROM entries WHERE key IN (SELECT key FROM entries WHERE expires <= $now LIMIT $batch)", null);
        command.Parameters.AddWithValue("$batch", batch);
        return command.ExecuteNonQuery();
    });

    // SQLite answers synchronously (its async methods are the sync ones wrapped): running the call inline costs a
    // few microseconds and no thread hop.
    private Task<T> Run<T>(Func<SqliteConnection, T> operation)
    {
        try
        {
            using var connection = Open();
            return Task.FromResult(operation(connection));
        }
        catch (SqliteException e)
        {
            return Task.FromException<T>(new AuthStoreUnavailableException("SQLite " + Path, e));
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous = NORMAL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, string? key, byte[]? value = null, DateTimeOffset? expiresAt = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        if (key is not null)
        {
            command.Parameters.AddWithValue("$key", key);
        }

        if (value is not null)
        {
            command.Parameters.AddWithValue("$value", value);
        }

        if (expiresAt is { } expires)
        {
            command.Parameters.AddWithValue("$expires", expires.ToUnixTimeMilliseconds());
        }

        return command;
    }
}
