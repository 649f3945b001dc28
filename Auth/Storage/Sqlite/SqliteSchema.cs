using Microsoft.Data.Sqlite;

namespace BlazorAuth.Auth.Storage.Sqlite;

/// <summary>
/// Creates the store's table, or brings a file written by an earlier version to the current layout. The file keeps its
/// layout's number in SQLite's <c>user_version</c>.
/// </summary>
/// <remarks>
/// Layout 1 is a rowid table whose key has an index of its own, and whose expiry comes before the value. Layout 0 (the
/// first) kept each row in the key's own b-tree (<c>WITHOUT ROWID</c>). A session record is about 10 KB, far more
/// than a cell holds, so the search for any key compared it with whole records, each read back from its overflow
/// pages: at full renewal pace that copying was a twentieth of the app's CPU (bench/README.md). Now a search compares
/// keys alone, and only the row found is read. The expiry sits before the value so that checking it, as every read
/// and the cleanup's scan do, does not walk the value's overflow pages.
/// </remarks>
internal static class SqliteSchema
{
    public const int Version = 1;

    private const string Columns = "(key TEXT PRIMARY KEY NOT NULL, expires INTEGER NOT NULL, value BLOB NOT NULL)";

    /// <summary>
    /// Brings the file to the current layout in an immediate transaction, which also proves the file can be written; of
    /// two instances starting on one file, the second waits for the first and then finds the layout current. Throws
    /// <see cref="InvalidOperationException"/> for a file a newer version of the library laid out.
    /// </summary>
    public static void Ensure(SqliteConnection connection, string path)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        var converted = Layout(connection, path);
        Execute(connection, "COMMIT");

        // A conversion leaves the first table's pages free inside the file, twice its size until writes reuse them; the
        // file is rewritten once without them (20,000 sessions: 1.3 s to convert, 1.5-2 s for this).
        if (converted)
        {
            Execute(connection, "VACUUM");
        }
    }

    /// <returns>Whether a table in an earlier layout was converted.</returns>
    private static bool Layout(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"));
        if (version == Version)
        {
            return false;
        }

        if (version > Version)
        {
            throw new InvalidOperationException(
                $"BlazorAuth's session store '{path}' was written by a newer version of BlazorAuth (layout {version}; this version knows {Version}). Run that version, or set Auth:DataDirectory to another directory.");
        }

        var exists = Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'entries'")) > 0;
        Execute(connection, exists
            ? $"""
                CREATE TABLE entries_v{Version} {Columns};
                INSERT INTO entries_v{Version} (key, expires, value) SELECT key, expires, value FROM entries;
                DROP TABLE entries;
                ALTER TABLE entries_v{Version} RENAME TO entries;
                """
            : $"CREATE TABLE entries {Columns}");
        Execute(connection, $"PRAGMA user_version = {Version}");
        return exists;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
