using System.Text;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Keeps tabs from logging each other out when the provider rotates refresh tokens, on one instance or many,
/// without handing the rotated session to anyone else who holds a copy of the old cookie.
/// </summary>
/// <remarks>
/// Refreshes of one session and token share one call to the provider. Within an instance, a request that arrives
/// while the call runs joins it. Across instances, the call is made under a lock in the store (add-if-absent, with
/// a random fencing value so that only its holder releases it), and the outcome is left in the store, sealed, for
/// the requests waiting on other instances. The lock outlives the call: each provider call is bounded by
/// <see cref="AuthOptions.BackchannelTimeout"/>, so no second caller can spend the same refresh token while the first
/// may still be using it. Once a rotation is over, the old token buys nothing more:
/// <list type="bullet">
/// <item>If a participant was still there to receive the result, the browser has the new cookie; a later request with
/// the old one (a tab whose request crossed the answer, or a stolen copy) is told only that the session rotated
/// (<see cref="AuthError.SessionRotated"/>), so the tab retries with the cookie its browser now holds.</item>
/// <item>If every participant had gone (a reload mid-refresh), nobody received the result, which is the session's only
/// way on since the provider spent the old token: it is kept for one later request with that token, once.</item>
/// </list>
/// </remarks>
internal sealed class RefreshSingleFlight(IAuthStore store, IDataProtectionProvider dataProtection, TimeProvider time, IOptions<AuthOptions> options)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly byte[] Received = [1];

    private readonly Dictionary<string, Flight> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly PayloadProtector<RefreshOutcome> _outcomes =
        new(dataProtection, "BlazorAuth.RefreshOutcome.v1", AuthJsonContext.Default.RefreshOutcome, 256 * 1024);

    /// <summary>How long a refresh may hold its lock: a token call, a user-info call and a key fetch, each bounded, and slack.</summary>
    private TimeSpan Lease => options.Value.BackchannelTimeout * 4 + TimeSpan.FromSeconds(5);

    /// <param name="requestAborted">The participant's own request: whether it is still there when the result comes.</param>
    public async Task<ProviderSignIn> RunAsync(SessionRecord session, Func<Task<ProviderSignIn>> refresh, CancellationToken requestAborted)
    {
        var key = session.SessionId + ":" + SignedInUser.HashOf(session.ProviderToken);
        Flight flight;
        bool leads;
        lock (_gate)
        {
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
        Settled settled;
        try
        {
            settled = await OutcomeAsync(key, session, refresh);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _inFlight.Remove(key);
            }

            flight.Result.SetException(e);
            return;
        }

        // Decided once no one can join any more: whether a participant is still there to take the rotated session.
        bool received;
        lock (_gate)
        {
            _inFlight.Remove(key);
            received = settled.Rotation && flight.Participants.Any(p => !p.IsCancellationRequested);
        }

        if (received)
        {
            try
            {
                await store.SetAsync(ReceivedKey(key), Received, time.GetUtcNow() + Grace, CancellationToken.None);
            }
            catch (AuthStoreUnavailableException)
            {
                // The session still goes to those waiting; at worst one later request with the old token gets it too.
            }
        }

        flight.Result.SetResult(settled.Result);
    }

    /// <param name="Rotation">The result is a rotation this flight receives: the old token is spent.</param>
    private sealed record Settled(ProviderSignIn Result, bool Rotation);

    private static string ReceivedKey(string key) => "blazorauth:refresh-received:" + key;

    private async Task<Settled> OutcomeAsync(string key, SessionRecord session, Func<Task<ProviderSignIn>> refresh)
    {
        var outcomeKey = "blazorauth:refresh-outcome:" + key;
        var lockKey = "blazorauth:refresh-lock:" + key;
        var receivedKey = ReceivedKey(key);
        var fence = Encoding.ASCII.GetBytes(RandomIds.New());
        var waitedForAnother = false;
        var deadline = time.GetUtcNow() + Lease;

        while (true)
        {
            // The lock is asked for first and the outcome read after it, both sent at once (Redis answers them in one
            // round trip, in that order): read once the lock is held, no holder's rotation that just ended is missed.
            var locking = store.TryAddAsync(lockKey, fence, time.GetUtcNow() + Lease, CancellationToken.None);
            var reading = ReadOutcomeAsync(outcomeKey);
            var locked = await locking;
            RefreshOutcome? earlier;
            try
            {
                earlier = await reading;
            }
            catch when (locked)
            {
                await store.RemoveIfEqualAsync(lockKey, fence, CancellationToken.None);
                throw;
            }

            if (earlier is not null)
            {
                if (locked)
                {
                    await store.RemoveIfEqualAsync(lockKey, fence, CancellationToken.None);
                }

                return await TakeEarlierAsync(earlier, participant: waitedForAnother, receivedKey);
            }

            if (locked)
            {
                break;
            }

            // Another instance is refreshing this very token: its outcome is this request's too.
            if (time.GetUtcNow() > deadline)
            {
                throw new AuthFlowException(AuthError.ProviderTimeout);
            }

            waitedForAnother = true;
            await Task.Delay(PollInterval, time);
        }

        try
        {
            // Only a rotation is left for the others: after anything else the old token still works (or fails the same
            // way), so a request that waited on another instance finds the lock gone and refreshes for itself.
            var result = await refresh();
            var rotated = result.Tokens.RefreshToken is { } next && next != session.ProviderToken;
            if (rotated)
            {
                await SaveOutcomeAsync(outcomeKey, new RefreshOutcome(result));
            }

            return new Settled(result, rotated);
        }
        finally
        {
            await store.RemoveIfEqualAsync(lockKey, fence, CancellationToken.None);
        }
    }

    /// <summary>
    /// The outcome of a refresh made by someone else. A participant (it waited while that refresh ran) receives it; a
    /// later request receives a rotation only if no one did, once.
    /// </summary>
    private async Task<Settled> TakeEarlierAsync(RefreshOutcome earlier, bool participant, string receivedKey)
    {
        // A later request takes a rotation only if no one received it: marking it received is its claim.
        if (!participant && !await store.TryAddAsync(receivedKey, Received, time.GetUtcNow() + Grace, CancellationToken.None))
        {
            throw new AuthFlowException(AuthError.SessionRotated);
        }

        return new Settled(earlier.SignIn, participant);
    }

    private async Task<RefreshOutcome?> ReadOutcomeAsync(string outcomeKey) =>
        await store.GetAsync(outcomeKey, CancellationToken.None) is { } bytes ? _outcomes.Unprotect(Encoding.ASCII.GetString(bytes)) : null;

    private Task SaveOutcomeAsync(string outcomeKey, RefreshOutcome outcome) =>
        store.SetAsync(outcomeKey, Encoding.ASCII.GetBytes(_outcomes.Protect(outcome)), time.GetUtcNow() + Grace, CancellationToken.None);

    private sealed class Flight
    {
        public List<CancellationToken> Participants { get; } = [];

        public TaskCompletionSource<ProviderSignIn> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A rotation, sealed in the store for the requests that waited for it on other instances.</summary>
internal sealed record RefreshOutcome(ProviderSignIn SignIn);
