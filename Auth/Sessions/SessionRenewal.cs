using System.Collections.Concurrent;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Events;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Renews a session's access token at its provider when it is due, with one provider call however many requests,
/// tabs, circuits and app instances ask at once; everyone else gets the record that call wrote.
/// </summary>
/// <remarks>
/// Within an instance, callers for one session queue on a lock. Across instances, the caller that renews first
/// claims the record (compare-and-swap: generation + 1, a random fence and a deadline); others see the claim and
/// wait for the next generation. Then:
/// <list type="bullet">
/// <item>The provider answered: its tokens are written by compare-and-swap from the claimed record. A session ended
/// meanwhile stays ended (the record is gone, so the write fails).</item>
/// <item>The store could not take the answer: it is kept on this instance and written by the next renewal here; the
/// old refresh token, which the provider may have spent, is never sent again.</item>
/// <item>No answer came (the provider is down or slow): the claim is withdrawn and a later renewal tries again.</item>
/// <item>A claim whose deadline passed was left by an instance that stopped mid-call: the provider may have spent the
/// token, so the session ends rather than spend it again.</item>
/// </list>
/// </remarks>
internal sealed partial class SessionRenewal(
    SessionRegistry sessions,
    AuthProviderRegistry providers,
    SignInResolver resolver,
    SessionProfiles profiles,
    TimeProvider time,
    IOptions<AuthOptions> options,
    ILogger<SessionRenewal> logger)
{
    private const int MaxUnsaved = 10_000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly KeyedLocks _locks = new();
    private readonly ConcurrentDictionary<string, Unsaved> _unsaved = new(StringComparer.Ordinal);

    /// <summary>How long a renewal may hold its claim: a token call, a user-info call and a key fetch, each bounded, and slack.</summary>
    private TimeSpan Lease => options.Value.BackchannelTimeout * 4 + TimeSpan.FromSeconds(5);

    /// <summary>
    /// The session with an access token that is not due, renewed first if it was. Throws <see cref="AuthFlowException"/>:
    /// <see cref="AuthError.SessionEnded"/> (or <see cref="AuthError.IdentityChanged"/>) when the session is over, and
    /// the provider's own error when it could not answer and the session goes on.
    /// </summary>
    /// <param name="confirmAccessToken">
    /// For a session that lives on its access token (no refresh token, nothing to renew): have the provider confirm the
    /// token still works and whom it names. It spends nothing, so it needs no single flight. A reload does not ask.
    /// </param>
    /// <param name="cancellationToken">Stops the wait for the lock; a provider call, once made, is always seen through.</param>
    public async Task<LiveSession> EnsureFreshAsync(LiveSession session, bool confirmAccessToken, CancellationToken cancellationToken)
    {
        // A session that lives on its access token is over once that token is: ended here, whoever asks.
        if (session.AccessTokenRanOut(time.GetUtcNow()))
        {
            await sessions.EndAsync(session.SessionId, CancellationToken.None);
            throw Ended(session.SessionId);
        }

        if (session.Secrets.RefreshToken is null)
        {
            return confirmAccessToken ? await ConfirmAsync(session) : session;
        }

        if (!session.IsDue(time.GetUtcNow()))
        {
            return session;
        }

        using (await _locks.EnterAsync(session.SessionId, cancellationToken))
        {
            return await RenewAsync(session, cancellationToken);
        }
    }

    /// <param name="read">
    /// The record as the caller read it, tried first: the claim is a compare-and-swap, so a record changed since (by the
    /// caller this one waited for) only costs a read after a failed claim. A record that already holds a claim is read
    /// again, since what is done about a claim (wait, or end an abandoned one) is not undone by a failed write.
    /// </param>
    private async Task<LiveSession> RenewAsync(LiveSession read, CancellationToken cancellationToken)
    {
        var sessionId = read.SessionId;
        var deadline = time.GetUtcNow() + Lease;
        LiveSession? known = read.Stored.Renewal is null ? read : null;
        while (true)
        {
            var current = known ?? await sessions.GetAsync(sessionId, CancellationToken.None) ?? throw Ended(sessionId);
            known = null;
            var claim = current.Stored.Renewal;
            if (claim is not null && _unsaved.TryGetValue(sessionId, out var unsaved) && unsaved.Fence == claim.Fence)
            {
                return await SaveAsync(current, unsaved);
            }

            var now = time.GetUtcNow();
            if (claim is null && !current.IsDue(now))
            {
                return current;
            }

            if (claim is not null)
            {
                if (claim.Until <= now)
                {
                    Log.RenewalAbandoned(logger, current.ProviderId);
                    await sessions.EndAsync(sessionId, CancellationToken.None);
                    throw Ended(sessionId);
                }

                if (now > deadline)
                {
                    throw new AuthFlowException(AuthError.ProviderTimeout);
                }

                await Task.Delay(PollInterval, time, cancellationToken);
                continue;
            }

            var fence = RandomIds.New();
            var claimed = await sessions.TryReplaceAsync(
                current, current.Stored with { Generation = current.Stored.Generation + 1, Renewal = new RenewalClaim(fence, now + Lease) }, null, CancellationToken.None);
            if (claimed is not null)
            {
                return await RenewAtProviderAsync(claimed, fence);
            }
        }
    }

    private async Task<LiveSession> RenewAtProviderAsync(LiveSession claimed, string fence)
    {
        var (answer, profile) = await AskProviderAsync(claimed, () => WithdrawAsync(claimed, fence));
        var tokens = answer.Tokens;
        var held = claimed.Secrets;
        var secrets = new SessionSecrets(tokens.RefreshToken ?? held.RefreshToken, tokens.AccessToken, tokens.IdToken ?? held.IdToken, tokens.Scope, profile);
        var now = time.GetUtcNow();
        var renewed = claimed.Stored with { AccessTokenIssuedAt = now, AccessTokenExpiresAt = now + tokens.ExpiresIn };
        return await SaveAsync(claimed, new Unsaved(fence, renewed, secrets));
    }

    /// <summary>The provider confirms an access token it gave no refresh token for; the user's profile is updated from its answer.</summary>
    private async Task<LiveSession> ConfirmAsync(LiveSession session)
    {
        var (answer, profile) = await AskProviderAsync(session, () => Task.CompletedTask);
        var secrets = session.Secrets with { Scope = answer.Tokens.Scope.Length > 0 ? answer.Tokens.Scope : session.Secrets.Scope, Profile = profile };
        for (var current = session; ;)
        {
            var confirmed = await sessions.TryReplaceAsync(current, current.Stored with { Generation = current.Stored.Generation + 1 }, secrets, CancellationToken.None);
            if (confirmed is not null)
            {
                return confirmed;
            }

            current = await sessions.GetAsync(session.SessionId, CancellationToken.None) ?? throw Ended(session.SessionId);
        }
    }

    /// <summary>
    /// The provider's answer for the session's grant, with the profile the app's resolver makes of it. A provider that
    /// could not answer leaves the session as it was (after <paramref name="noAnswer"/>); any other failure ends it.
    /// </summary>
    private async Task<(ProviderSignIn Answer, UserProfile Profile)> AskProviderAsync(LiveSession session, Func<Task> noAnswer)
    {
        var providerId = session.ProviderId;
        if (!providers.TryGet(providerId, out var provider))
        {
            await sessions.EndAsync(session.SessionId, CancellationToken.None);
            throw Ended(session.SessionId);
        }

        ProviderSignIn answer;
        try
        {
            answer = provider is ISessionRenewal renewal
                ? await renewal.RefreshAsync(session.ToGrant(), CancellationToken.None)
                : session.ToGrant().Unrenewed();
        }
        catch (AuthFlowException e) when (e.Error == AuthError.ProviderTimeout || e.Error == AuthError.ProviderUnavailable
            || e.Error == AuthError.ProviderBadResponse)
        {
            // No tokens came back: the session is as it was, and a later renewal may try again.
            await noAnswer();
            throw;
        }
        catch (Exception e) when (e is not AuthStoreUnavailableException)
        {
            // The provider refused the token, or answered with tokens that cannot be trusted (unknown keys, a bad
            // id_token), or its provider type failed in a way it did not foresee: either way a refresh token may be
            // spent, and is never sent again.
            Log.RenewalFailed(logger, providerId, (e as AuthFlowException)?.Error.Name ?? e.GetType().Name, e);
            await sessions.EndAsync(session.SessionId, CancellationToken.None);
            throw Ended(session.SessionId, e);
        }

        UserProfile profile;
        try
        {
            profile = profiles.Bound(providerId, await resolver.ResolveAsync(providerId, answer.Profile, isRefresh: true));
        }
        catch (Exception e) when (e is not AuthStoreUnavailableException)
        {
            Log.RenewalFailed(logger, providerId, (e as AuthFlowException)?.Error.Name ?? e.GetType().Name, e);
            await sessions.EndAsync(session.SessionId, CancellationToken.None);
            throw Ended(session.SessionId, e);
        }

        // The refreshed identity must be the one the session was opened for (OIDC Core §12.2).
        var before = session.Profile;
        if (profile.Subject != before.Subject || profile.Issuer != before.Issuer || profile.Audience != before.Audience)
        {
            await sessions.EndAsync(session.SessionId, CancellationToken.None);
            throw new AuthFlowException(AuthError.IdentityChanged);
        }

        return (answer, profile);
    }

    /// <summary>Writes the provider's answer over the claimed record; a touch in between is read and written over again.</summary>
    private async Task<LiveSession> SaveAsync(LiveSession claimed, Unsaved answer)
    {
        var current = claimed;
        while (true)
        {
            var next = answer.Record with
            {
                Generation = current.Stored.Generation + 1,
                LastSeen = current.Stored.LastSeen,
                Renewal = null,
            };
            LiveSession? saved;
            try
            {
                saved = await sessions.TryReplaceAsync(current, next, answer.Secrets, CancellationToken.None);
            }
            catch (AuthStoreUnavailableException)
            {
                if (_unsaved.Count < MaxUnsaved)
                {
                    _unsaved[current.SessionId] = answer;
                }

                throw;
            }

            if (saved is not null)
            {
                _unsaved.TryRemove(current.SessionId, out _);
                return saved;
            }

            // Ended meanwhile (a sign-out won): the answer is dropped with the session it belonged to.
            if (await sessions.GetAsync(current.SessionId, CancellationToken.None) is not { } reread || reread.Stored.Renewal?.Fence != answer.Fence)
            {
                _unsaved.TryRemove(current.SessionId, out _);
                throw Ended(current.SessionId);
            }

            current = reread;
        }
    }

    /// <summary>Gives the claim up, the tokens unchanged; if the store cannot take that, the claim runs out by itself.</summary>
    private async Task WithdrawAsync(LiveSession claimed, string fence)
    {
        var current = claimed;
        for (var attempt = 0; attempt < 3 && current.Stored.Renewal?.Fence == fence; attempt++)
        {
            try
            {
                if (await sessions.TryReplaceAsync(current, current.Stored with { Generation = current.Stored.Generation + 1, Renewal = null }, null, CancellationToken.None) is not null)
                {
                    return;
                }

                if (await sessions.GetAsync(current.SessionId, CancellationToken.None) is not { } reread)
                {
                    return;
                }

                current = reread;
            }
            catch (AuthStoreUnavailableException)
            {
                return;
            }
        }
    }

    private AuthFlowException Ended(string sessionId, Exception? inner = null)
    {
        _unsaved.TryRemove(sessionId, out _);
        return new AuthFlowException(AuthError.SessionEnded, inner: inner);
    }

    /// <summary>A provider's answer not yet in the store, and the claim it belongs to.</summary>
    private sealed record Unsaved(string Fence, StoredSession Record, SessionSecrets Secrets);

    private static partial class Log
    {
        [LoggerMessage(1040, LogLevel.Warning, "A renewal of a session with provider {ProviderId} was left unfinished by an instance that stopped; the session ends rather than spend its refresh token again")]
        public static partial void RenewalAbandoned(ILogger logger, string providerId);

        [LoggerMessage(1041, LogLevel.Warning, "Renewing a session with provider {ProviderId} failed ({Reason}); the session ends")]
        public static partial void RenewalFailed(ILogger logger, string providerId, string reason, Exception exception);
    }
}
