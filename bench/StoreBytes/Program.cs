using System.Text.Json;
using Microsoft.Data.Sqlite;
using StackExchange.Redis;

// What the store keeps per session: the session records' bytes on average, and everything the store holds for sessions
// (records, the per-user and per-provider-session indexes, spent ids) divided by the sessions, the Data Protection key
// ring left out. SQLite: key and value lengths of the rows (the file's page overhead aside). Redis: MEMORY USAGE, which
// counts Redis's own overhead per key.
//
// Usage: StoreBytes sqlite <sessions.db> | StoreBytes redis <host:port>. Prints one JSON object.
const string SessionPrefix = "blazorauth:session:";
const string KeyRing = "blazorauth:data-protection-keys";

if (args is not [("sqlite" or "redis") and var store, var target])
{
    Console.Error.WriteLine("usage: StoreBytes sqlite <sessions.db> | StoreBytes redis <host:port>");
    return 2;
}

var entries = store == "sqlite" ? ReadSqlite(target) : await ReadRedisAsync(target);
var sessions = entries.Where(e => e.Key.StartsWith(SessionPrefix, StringComparison.Ordinal)).ToList();
var all = entries.Where(e => e.Key != KeyRing).Sum(e => e.Bytes);
Console.WriteLine(JsonSerializer.Serialize(new
{
    store,
    sessions = sessions.Count,
    sessionRecordBytes = sessions.Count == 0 ? 0 : Math.Round(sessions.Average(e => e.Bytes)),
    allEntriesBytesPerSession = sessions.Count == 0 ? 0 : Math.Round(all / (double)sessions.Count),
    entries = entries.Count,
}));
return 0;

static List<(string Key, long Bytes)> ReadSqlite(string path)
{
    using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT key, length(CAST(key AS BLOB)) + length(value) FROM entries";
    using var reader = command.ExecuteReader();
    var entries = new List<(string, long)>();
    while (reader.Read())
    {
        entries.Add((reader.GetString(0), reader.GetInt64(1)));
    }

    return entries;
}

static async Task<List<(string Key, long Bytes)>> ReadRedisAsync(string endpoint)
{
    await using var redis = await ConnectionMultiplexer.ConnectAsync(endpoint + ",allowAdmin=true");
    var server = redis.GetServer(redis.GetEndPoints()[0]);
    var database = redis.GetDatabase();
    var entries = new List<(string, long)>();
    await foreach (var key in server.KeysAsync(pattern: "blazorauth:*"))
    {
        var usage = await database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        entries.Add((key!, (long)usage));
    }

    return entries;
}
