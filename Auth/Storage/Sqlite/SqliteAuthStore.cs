using Microsoft.Data.Sqlite;

namespace BlazorAuth.Auth.Storage.Sqlite;

/// <summary>
/// The store in one SQLite file: durable across restarts with no server to run. Write-ahead logging lets another
/// process (a tool, a second instance on the file) read beside a write; commits are not flushed to disk one by one
/// (<c>synchronous=NORMAL</c>), so a crash of the app loses nothing and a power cut at most the last moments' writes.
/// </summary>
/// <remarks>
/// Every operation runs on one open connection whose statements are already prepared (<see cref="Statements"/>), one
/// operation at a time:
/// <list type="bullet">
/// <item>A refresh makes several operations, and opening a pooled connection and preparing its statement anew each
/// time cost more than SQLite's own work (measured in bench/, <c>StoreBenchmarks</c>).</item>
/// <item>SQLite takes one writer at a time anyway, and a connection keeps its page cache across its own writes but
/// drops all of it when another connection has written. With a connection per concurrent caller, almost every read
/// began with an empty cache and read each page from the file again: <c>pread</c> was a fifth of the app's CPU in a
/// renewal profile (bench/README.md).</item>
/// </list>
/// There is no index on the expiry: it would make every write a third slower, for the cleanup's sake, which scans the
/// table every few minutes instead.
/// </remarks>
internal sealed class SqliteAuthStore : IAuthStore, IDisposable
{
    private const string Upsert =
        "INSERT INTO entries (key, value, expires) VALUES ($key, $value, $expires) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires";

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    // The one connection, used by one caller at a time: a connection is not safe to share, and connections of our own
    // would meet SQLITE_BUSY between their writes, on which Microsoft.Data.Sqlite puts the thread to sleep for 150 ms
    // before it tries again (p99 of a renewal: 316 ms, measured by bench/run.sh).
    private readonly Lock _turn = new();
    private Statements? _statements;

    public SqliteAuthStore(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // Each connection here stays open for the store's life; SQLite's own pool would only add a second layer.
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString();
        Initialize();
    }

    public string Path { get; }

    public bool IsAvailable => true;

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        Run(s => s.Get.Bind(key, null, null, _time).ExecuteScalar() as byte[]);

    public Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Run(s => s.Set.Bind(key, value, expiresAt, _time).ExecuteNonQuery());

    // An expired row counts as absent: it is taken over in the same statement, so the add stays atomic.
    public Task<bool> TryAddAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Run(s => s.TryAdd.Bind(key, value, expiresAt, _time).ExecuteNonQuery() == 1);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) =>
        Run(s => s.Remove.Bind(key, null, null, _time).ExecuteNonQuery());

    public Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Run(s =>
        {
            s.ReplaceIfEqual.Parameters["$expected"].Value = expected;
            return s.ReplaceIfEqual.Bind(key, value, expiresAt, _time).ExecuteNonQuery() == 1;
        });

    public Task<bool> RemoveIfEqualAsync(string key, byte[] expected, CancellationToken cancellationToken) =>
        Run(s => s.RemoveIfEqual.Bind(key, expected, null, _time).ExecuteNonQuery() == 1);

    public Task PingAsync(CancellationToken cancellationToken) =>
        Run(s => s.Get.Bind("blazorauth:ping", null, null, _time).ExecuteScalar());

    /// <summary>Deletes up to <paramref name="batch"/> expired rows; answers how many it deleted.</summary>
    public Task<int> RemoveExpiredAsync(int batch) => Run(s =>
    {
        s.RemoveExpired.Parameters["$batch"].Value = batch;
        return s.RemoveExpired.Bind(null, null, null, _time).ExecuteNonQuery();
    });

    public void Dispose()
    {
        lock (_turn)
        {
            Drop();
        }
    }

    /// <summary>Creates the file and its table (<see cref="SqliteSchema"/>) and proves it can be written, or says which file cannot be and why.</summary>
    private void Initialize()
    {
        try
        {
            PrivateFiles.EnsureDirectory(System.IO.Path.GetDirectoryName(Path)!);
            PrivateFiles.EnsureDatabaseFile(Path);
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL;";
                command.ExecuteNonQuery();
            }

            SqliteSchema.Ensure(connection, Path);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"BlazorAuth cannot write its session store '{Path}': {e.Message} Make the file and its directory writable, stop whatever holds it locked, or set Auth:DataDirectory to another directory.",
                e);
        }
    }

    // SQLite answers synchronously (its async methods are the sync ones wrapped): running the call inline costs a
    // few microseconds and no thread hop.
    private Task<T> Run<T>(Func<Statements, T> operation)
    {
        lock (_turn)
        {
            try
            {
                _statements ??= new Statements(_connectionString);
                return Task.FromResult(operation(_statements));
            }
            catch (SqliteException e)
            {
                // A connection whose statement failed is not trusted again.
                Drop();
                return Task.FromException<T>(new AuthStoreUnavailableException("SQLite " + Path, e));
            }
            catch
            {
                Drop();
                throw;
            }
        }
    }

    private void Drop()
    {
        _statements?.Dispose();
        _statements = null;
    }

    /// <summary>One open connection and the store's statements, prepared once on it.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteConnection _connection;

        public Statements(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            using (var pragma = _connection.CreateCommand())
            {
                // Another process writing (a second instance on the same file, a tool) is waited for inside SQLite, in
                // steps of milliseconds, rather than met with SQLITE_BUSY. Pages the connection's cache does not hold
                // (a session record spans several) are read through a memory map of the file rather than a system call
                // each: with the one connection, a renewal's CPU fell by a seventh (bench/README.md); the map is
                // address space, backed by the system's file cache, not memory of the app's own.
                pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA mmap_size = 1073741824;";
                pragma.ExecuteNonQuery();
            }

            Get = Prepare("SELECT value FROM entries WHERE key = $key AND expires > $now");
            Set = Prepare(Upsert);
            TryAdd = Prepare(Upsert + " WHERE entries.expires <= $now");
            Remove = Prepare("DELETE FROM entries WHERE key = $key");
            ReplaceIfEqual = Prepare("UPDATE entries SET value = $value, expires = $expires WHERE key = $key AND value = $expected AND expires > $now");
            RemoveIfEqual = Prepare("DELETE FROM entries WHERE key = $key AND value = $value");
            RemoveExpired = Prepare("DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries WHERE expires <= $now LIMIT $batch)");
        }

        public SqliteCommand Get { get; }

        public SqliteCommand Set { get; }

        public SqliteCommand TryAdd { get; }

        public SqliteCommand Remove { get; }

        public SqliteCommand ReplaceIfEqual { get; }

        public SqliteCommand RemoveIfEqual { get; }

        public SqliteCommand RemoveExpired { get; }

        public void Dispose()
        {
            foreach (var command in new[] { Get, Set, TryAdd, Remove, ReplaceIfEqual, RemoveIfEqual, RemoveExpired })
            {
                command.Dispose();
            }

            _connection.Dispose();
        }

        private SqliteCommand Prepare(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in new[] { "$key", "$value", "$expected", "$expires", "$now", "$batch" }.Where(n => sql.Contains(n, StringComparison.Ordinal)))
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }
    }
}

/// <summary>Sets the parameters a prepared store statement has; those it lacks are skipped.</summary>
internal static class StatementParameters
{
    public static SqliteCommand Bind(this SqliteCommand command, string? key, byte[]? value, DateTimeOffset? expiresAt, TimeProvider time)
    {
        var parameters = command.Parameters;
        if (key is not null)
        {
            parameters["$key"].Value = key;
        }

        if (value is not null)
        {
            parameters["$value"].Value = value;
        }

        if (expiresAt is { } expires)
        {
            parameters["$expires"].Value = expires.ToUnixTimeMilliseconds();
        }

        if (parameters.Contains("$now"))
        {
            parameters["$now"].Value = time.GetUtcNow().ToUnixTimeMilliseconds();
        }

        return command;
    }
}
