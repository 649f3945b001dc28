using System.Text;
using BlazorAuth.Auth.Storage.Sqlite;
using BlazorAuth.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BlazorAuth.Tests.Auth.Storage;

/// <summary>
/// The store's file is laid out as a rowid table with the key indexed apart and the expiry before the value, so that
/// finding a key never reads other rows' 10 KB records; a file from the first layout is brought over with every row.
/// </summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(1);
    private readonly string _directory = TempDirectory.Create();

    private string FilePath => Path.Combine(_directory, "sessions.db");

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public void A_new_file_takes_the_current_layout()
    {
        using (new SqliteAuthStore(FilePath, TimeProvider.System))
        {
        }

        AssertCurrentLayout();
    }

    [Fact]
    public async Task A_file_in_the_first_layout_keeps_every_row_and_takes_the_current_layout()
    {
        var record = new string('r', 10_000);
        using (var connection = Open())
        {
            Execute(connection, "PRAGMA journal_mode = WAL; CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID;");
            for (var i = 0; i < 40; i++)
            {
                Insert(connection, $"blazorauth:session:{i}", record + i, Later);
            }

            Insert(connection, "blazorauth:session:expired", record, DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        using (var store = new SqliteAuthStore(FilePath, TimeProvider.System))
        {
            using (var connection = Open())
            {
                // The first table's pages were given back, not left free inside a file twice the size.
                Assert.Equal(0L, Scalar(connection, "PRAGMA freelist_count"));
            }

            for (var i = 0; i < 40; i++)
            {
                Assert.Equal(record + i, Encoding.UTF8.GetString((await store.GetAsync($"blazorauth:session:{i}", default))!));
            }

            Assert.Null(await store.GetAsync("blazorauth:session:expired", default));
            Assert.True(await store.ReplaceIfEqualAsync("blazorauth:session:3", Encoding.UTF8.GetBytes(record + 3), Encoding.UTF8.GetBytes("renewed"), Later, default));
            Assert.Equal(1, await store.RemoveExpiredAsync(250));
        }

        AssertCurrentLayout();

        // A second instance on the file, or the next start, finds it laid out and leaves the rows as they are.
        using (var again = new SqliteAuthStore(FilePath, TimeProvider.System))
        {
            Assert.Equal("renewed", Encoding.UTF8.GetString((await again.GetAsync("blazorauth:session:3", default))!));
            Assert.Equal(record + 39, Encoding.UTF8.GetString((await again.GetAsync("blazorauth:session:39", default))!));
        }
    }

    [Fact]
    public void A_file_a_newer_version_laid_out_is_refused_and_left_as_it_is()
    {
        using (var connection = Open())
        {
            Execute(connection, $"CREATE TABLE entries (anything BLOB); PRAGMA user_version = {SqliteSchema.Version + 1};");
        }

        var refused = Assert.Throws<InvalidOperationException>(() => new SqliteAuthStore(FilePath, TimeProvider.System));
        Assert.Contains(FilePath, refused.Message);
        Assert.Contains("newer version of BlazorAuth", refused.Message);
        using var after = Open();
        Assert.Equal(SqliteSchema.Version + 1L, Scalar(after, "PRAGMA user_version"));
        Assert.Equal("anything", Scalar(after, "SELECT name FROM pragma_table_info('entries')"));
    }

    private void AssertCurrentLayout()
    {
        using var connection = Open();
        Assert.Equal((long)SqliteSchema.Version, Scalar(connection, "PRAGMA user_version"));
        Assert.DoesNotContain("WITHOUT ROWID", (string)Scalar(connection, "SELECT sql FROM sqlite_schema WHERE name = 'entries'")!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("key,expires,value", Scalar(connection, "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('entries') ORDER BY cid)"));
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE name = 'entries_v1'"));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Insert(SqliteConnection connection, string key, string value, DateTimeOffset expires)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO entries (key, value, expires) VALUES ($key, $value, $expires)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", Encoding.UTF8.GetBytes(value));
        command.Parameters.AddWithValue("$expires", expires.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
