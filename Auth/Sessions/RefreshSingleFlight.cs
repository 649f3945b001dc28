using BlazorAuth.Auth.Providers;
using Microsoft.Extensions.Caching.Memory;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Keeps tabs from logging each other out when the provider rotates refresh tokens: refreshes of one session
/// run one at a time, and a refresh that arrives with the token another refresh just rotated away gets that
/// refresh's result for a short grace window, instead of spending the dead token (which the provider would
/// answer with invalid_grant, ending the session).
/// </summary>
public sealed class RefreshSingleFlight(IMemoryCache recent, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    // Striped locks: bounded memory whatever the number of sessions, and rarely shared between two of them.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<ProviderSignIn> RunAsync(SessionRecord session, Func<Task<ProviderSignIn>> refresh, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(session.SessionId) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            var rotatedAway = "blazorauth-rotated:" + session.SessionId + ":" + SignedInUser.HashOf(session.RefreshToken);
            if (recent.TryGetValue(rotatedAway, out Rotation? earlier) && earlier is not null && time.GetUtcNow() - earlier.At <= Grace)
            {
                return earlier.Result;
            }

            var result = await refresh();
            if (result.Tokens.RefreshToken is { } next && next != session.RefreshToken)
            {
                recent.Set(rotatedAway, new Rotation(result, time.GetUtcNow()), Grace);
            }

            return result;
        }
        finally
        {
            stripe.Release();
        }
    }

    private sealed record Rotation(ProviderSignIn Result, DateTimeOffset At);
}
