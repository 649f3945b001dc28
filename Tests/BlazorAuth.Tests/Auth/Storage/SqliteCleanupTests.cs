using BlazorAuth.Auth.Storage.Sqlite;
using BlazorAuth.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth.Storage;

public sealed class SqliteCleanupTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public async Task The_cleanup_deletes_every_expired_row_batch_after_batch_and_keeps_the_live_ones()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var storage = new SqliteStorage(_directory, time, NullLoggerFactory.Instance);
        await storage.StartAsync(default);
        var value = new byte[2_000];
        for (var i = 0; i < 600; i++)
        {
            await storage.Store.SetAsync($"blazorauth:session:old-{i}", value, time.GetUtcNow().AddMinutes(1), default);
        }

        for (var i = 0; i < 5; i++)
        {
            await storage.Store.SetAsync($"blazorauth:session:live-{i}", value, time.GetUtcNow().AddHours(1), default);
        }

        time.Advance(TimeSpan.FromMinutes(2));
        using var stop = new CancellationTokenSource();
        var cleanup = storage.RunAsync(stop.Token);

        // More rows than one batch: the first round goes on until none are left, without waiting for the next round.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Rows() > 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(5, Rows());
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(await storage.Store.GetAsync($"blazorauth:session:live-{i}", default));
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cleanup);
        ((IDisposable)storage.Store).Dispose();
    }

    private long Rows()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "sessions.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM entries";
        return (long)command.ExecuteScalar()!;
    }
}
