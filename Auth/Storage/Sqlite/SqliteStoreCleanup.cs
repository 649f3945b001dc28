using Microsoft.Extensions.Hosting;

namespace BlazorAuth.Auth.Storage.Sqlite;

/// <summary>
/// Deletes expired rows in the background, so the file does not grow without bound; reads already ignore them. Small
/// batches keep each write short, so requests never wait long behind the cleanup.
/// </summary>
internal sealed class SqliteStoreCleanup(SqliteAuthStore store, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private const int Batch = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                while (await store.RemoveExpiredAsync(Batch) == Batch && !stoppingToken.IsCancellationRequested)
                {
                    await Task.Yield();
                }
            }
            catch (AuthStoreUnavailableException)
            {
                // Busy for now; the next round deletes what this one could not.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
