using System.Collections.Concurrent;
using System.Text;
using BlazorAuth.Auth.Storage.Sqlite;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth.Storage;

/// <summary>
/// The SQLite store runs every operation on one connection, one at a time, and keeps that connection's page cache
/// between operations: callers on many threads at once must still each see a whole operation, and a write made through
/// another connection to the file (a second instance, a tool) must be read, not a page cached before it.
/// </summary>
public sealed class SqliteAuthStoreTests : IDisposable
{
    private const int Threads = 8;
    private const int Increments = 150;
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(1);
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Operations_from_many_threads_at_once_each_act_on_their_own_key_and_value()
    {
        var store = _temp.Store;
        var keys = Enumerable.Range(0, Threads).Select(t => $"counter:{t}").ToArray();
        foreach (var key in keys)
        {
            await store.SetAsync(key, Bytes(0), Later, default);
        }

        // Nobody else writes a thread's key, so each of its swaps must succeed on what it just read.
        var failed = 0;
        RunTogether(t =>
        {
            var read = store.GetAsync(keys[t], default).GetAwaiter().GetResult();
            if (read is null || !store.ReplaceIfEqualAsync(keys[t], read, Bytes(Value(read) + 1), Later, default).GetAwaiter().GetResult())
            {
                Interlocked.Increment(ref failed);
            }
        });

        Assert.Equal(0, failed);
        foreach (var key in keys)
        {
            Assert.Equal(Increments, Value((await store.GetAsync(key, default))!));
        }
    }

    [Fact]
    public async Task Compare_and_swaps_from_many_threads_on_one_key_lose_no_update_and_never_both_win()
    {
        var store = _temp.Store;
        await store.SetAsync("counter", Bytes(0), Later, default);
        var wins = 0;

        RunTogether(_ =>
        {
            var read = store.GetAsync("counter", default).GetAwaiter().GetResult();
            if (store.ReplaceIfEqualAsync("counter", read!, Bytes(Value(read!) + 1), Later, default).GetAwaiter().GetResult())
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(wins, Value((await store.GetAsync("counter", default))!));
        Assert.InRange(wins, 1, Threads * Increments);
    }

    [Fact]
    public async Task A_write_through_another_connection_to_the_file_is_read_rather_than_what_was_cached_before_it()
    {
        var store = _temp.Store;

        // Enough large values that their pages are in the store's cache and memory map, and one of them is read.
        var large = new string('x', 6_000);
        for (var i = 0; i < 50; i++)
        {
            await store.SetAsync($"session:{i}", Encoding.UTF8.GetBytes(large + i), Later, default);
        }

        Assert.Equal(large + 7, Encoding.UTF8.GetString((await store.GetAsync("session:7", default))!));

        using (var other = new SqliteAuthStore(store.Path, TimeProvider.System))
        {
            Assert.True(await other.ReplaceIfEqualAsync("session:7", Encoding.UTF8.GetBytes(large + 7), Encoding.UTF8.GetBytes("renewed elsewhere"), Later, default));
            await other.RemoveAsync("session:8", default);
        }

        Assert.Equal("renewed elsewhere", Encoding.UTF8.GetString((await store.GetAsync("session:7", default))!));
        Assert.Null(await store.GetAsync("session:8", default));
        Assert.False(await store.ReplaceIfEqualAsync("session:7", Encoding.UTF8.GetBytes(large + 7), Encoding.UTF8.GetBytes("stale"), Later, default));
    }

    /// <summary>
    /// Runs <paramref name="step"/> <see cref="Increments"/> times on each of <see cref="Threads"/> threads of their own,
    /// started together so that the operations overlap (the store answers inline: tasks would each run to their end).
    /// </summary>
    private static void RunTogether(Action<int> step)
    {
        var errors = new ConcurrentQueue<Exception>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < Increments; i++)
            {
                try
                {
                    step(t);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
    }

    private static byte[] Bytes(int value) => BitConverter.GetBytes(value);

    private static int Value(byte[] bytes) => BitConverter.ToInt32(bytes);
}
