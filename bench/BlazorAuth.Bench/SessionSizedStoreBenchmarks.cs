using BenchmarkDotNet.Attributes;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Storage.Sqlite;

namespace BlazorAuth.Bench;

/// <summary>
/// The SQLite store's read and compare-and-swap of one record among many of a session record's size (about 10 KB, as
/// the bench's renewal rows leave the store): the cost of finding a key among large rows, which one small row hides.
/// </summary>
[MemoryDiagnoser]
public class SessionSizedStoreBenchmarks
{
    private const int Records = 2_400;
    private const int RecordBytes = 10_300;
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddDays(1);

    private readonly string[] _keys = new string[Records];
    private readonly byte[][] _values = new byte[Records][];
    private SqliteAuthStore _store = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = new SqliteAuthStore(Path.Combine(Directory.CreateTempSubdirectory("blazorauth-bench-").FullName, "sessions.db"), TimeProvider.System);
        var random = new Random(1);
        for (var i = 0; i < Records; i++)
        {
            _keys[i] = "blazorauth:session:" + Auth.Protection.RandomIds.New();
            _values[i] = new byte[RecordBytes];
            random.NextBytes(_values[i]);
            await _store.SetAsync(_keys[i], _values[i], Later, default);
        }
    }

    [Benchmark]
    public Task<byte[]?> Get() => _store.GetAsync(_keys[_next++ % Records], default);

    [Benchmark]
    public async Task<bool> ReplaceIfEqual()
    {
        var i = _next++ % Records;
        var next = (byte[])_values[i].Clone();
        next[0]++;
        var replaced = await _store.ReplaceIfEqualAsync(_keys[i], _values[i], next, Later, default);
        _values[i] = next;
        return replaced;
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();
}
