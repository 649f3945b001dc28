using StackExchange.Redis;

namespace BlazorAuth.Auth.Redis;

/// <summary>
/// The one connection to Redis an instance shares between its store and its Data Protection key ring. Opened at
/// start-up without waiting for Redis: an instance that starts while Redis is down serves signed-out pages, answers
/// 503 to sign-in and reconnects by itself.
/// </summary>
internal sealed class RedisConnection(string connectionString) : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connect = new(async () =>
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;

        // While Redis is away a request fails at once (503) rather than queueing for seconds; reconnects retry
        // at most every five seconds, so recovery needs no restart and takes moments.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(500, 5_000);
        options.ClientName = "blazorauth";
        return await ConnectionMultiplexer.ConnectAsync(options);
    });

    /// <summary>The connection; until <see cref="ConnectAsync"/> finished, null.</summary>
    public IConnectionMultiplexer? Multiplexer => _connect.Value.IsCompletedSuccessfully ? _connect.Value.Result : null;

    public Task<IConnectionMultiplexer> ConnectAsync() => _connect.Value;

    public IDatabase Database =>
        (Multiplexer ?? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Not connected to Redis yet.")).GetDatabase();

    public async ValueTask DisposeAsync()
    {
        if (Multiplexer is { } multiplexer)
        {
            await multiplexer.DisposeAsync();
        }
    }
}
