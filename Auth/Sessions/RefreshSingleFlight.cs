using BlazorAuth.Auth.Providers;
using Microsoft.Extensions.Caching.Memory;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Keeps tabs from logging each other out when the provider rotates refresh tokens, without handing the rotated
/// session to anyone else who holds a copy of the old cookie.
/// </summary>
/// <remarks>
/// Refreshes of one session and token share one call to the provider: a request that arrives while it runs joins
/// it and gets its result. Once it is over, the old token buys nothing more:
/// <list type="bullet">
/// <item>If a participant was still there to receive the result, the browser has the new cookie; a later request with
/// the old one (a tab whose request crossed the answer, or a stolen copy) is told only that the session rotated
/// (<see cref="AuthError.SessionRotated"/>), so the tab retries with the cookie its browser now holds.</item>
/// <item>If every participant had gone (a reload mid-refresh), nobody received the result, which is the session's only
/// way on since the provider spent the old token: it is kept for one later request with that token, once.</item>
/// </list>
/// </remarks>
public sealed class RefreshSingleFlight(IMemoryCache recent, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, Flight> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="requestAborted">The participant's own request: whether it is still there when the result comes.</param>
    public async Task<ProviderSignIn> RunAsync(SessionRecord session, Func<Task<ProviderSignIn>> refresh, CancellationToken requestAborted)
    {
        var key = session.SessionId + ":" + SignedInUser.HashOf(session.RefreshToken);
        Flight flight;
        bool leads;
        lock (_gate)
        {
            if (recent.TryGetValue(UnreceivedKey(key), out Unreceived? unreceived) && Recent(unreceived!.At) && unreceived.TryClaim())
            {
                recent.Remove(UnreceivedKey(key));
                recent.Set(RotatedKey(key), time.GetUtcNow(), Grace);
                return unreceived.Result;
            }

            if (recent.TryGetValue(RotatedKey(key), out DateTimeOffset rotatedAt) && Recent(rotatedAt))
            {
                throw new AuthFlowException(AuthError.SessionRotated);
            }

            leads = !_inFlight.TryGetValue(key, out flight!);
            if (leads)
            {
                flight = new Flight();
                _inFlight[key] = flight;
            }

            flight.Participants.Add(requestAborted);
        }

        if (leads)
        {
            // Not tied to this request: the provider may already have spent the old token when the browser goes.
            _ = LeadAsync(key, session, flight, refresh);
        }

        return await flight.Result.Task.WaitAsync(requestAborted);
    }

    private async Task LeadAsync(string key, SessionRecord session, Flight flight, Func<Task<ProviderSignIn>> refresh)
    {
        ProviderSignIn? result = null;
        Exception? failure = null;
        try
        {
            result = await refresh();
        }
        catch (Exception e)
        {
            failure = e;
        }

        lock (_gate)
        {
            _inFlight.Remove(key);
            if (result?.Tokens.RefreshToken is { } next && next != session.RefreshToken)
            {
                if (flight.Participants.Any(p => !p.IsCancellationRequested))
                {
                    recent.Set(RotatedKey(key), time.GetUtcNow(), Grace);
                }
                else
                {
                    recent.Set(UnreceivedKey(key), new Unreceived(result, time.GetUtcNow()), Grace);
                }
            }
        }

        if (failure is null)
        {
            flight.Result.SetResult(result!);
        }
        else
        {
            flight.Result.SetException(failure);
        }
    }

    private bool Recent(DateTimeOffset at) => time.GetUtcNow() - at <= Grace;

    private static string RotatedKey(string key) => "blazorauth-rotated:" + key;

    private static string UnreceivedKey(string key) => "blazorauth-unreceived:" + key;

    private sealed class Flight
    {
        public List<CancellationToken> Participants { get; } = [];

        public TaskCompletionSource<ProviderSignIn> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Unreceived(ProviderSignIn result, DateTimeOffset at)
    {
        private int _claimed;

        public ProviderSignIn Result => result;

        public DateTimeOffset At => at;

        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
    }
}
