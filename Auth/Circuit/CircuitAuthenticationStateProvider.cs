using System.Security.Claims;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// The circuit's user. It starts as whoever the session cookie named when the page loaded, and changes only
/// through a server-issued session ticket or a sign-out: never from data the browser relays. It checks the
/// session registry every <see cref="AuthOptions.SessionRevalidationInterval"/>, so a session ended elsewhere
/// signs the circuit out within that time.
/// </summary>
public sealed class CircuitAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly Task<AuthenticationState> SignedOut =
        Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));

    private readonly SessionRegistry _sessions;
    private readonly TimeProvider _time;
    private readonly AuthOptions _options;

    // When the signed-in user's session was last known to be live: a sign-out everywhere or a provider's logout marked
    // after it is what ended it. The page's user was live when the page loaded, just before the circuit started.
    private DateTimeOffset _knownLiveAt;

    private readonly IClaimsTransformation? _transformation;

    /// <param name="transformation">
    /// The host's claims transformation, run on every user this circuit takes (a sign-in, a renewal), as the
    /// authentication middleware runs it on every request: claims it adds survive a refresh as they survive a reload.
    /// </param>
    public CircuitAuthenticationStateProvider(
        ILoggerFactory loggerFactory, SessionRegistry sessions, TimeProvider time, IOptions<AuthOptions> options, IClaimsTransformation? transformation = null)
        : base(loggerFactory)
    {
        _sessions = sessions;
        _transformation = transformation;
        _time = time;
        _options = options.Value;
        _knownLiveAt = time.GetUtcNow();

        // Signed out until the host hands over the page's user (or a ticket signs someone in).
        SetAuthenticationState(SignedOut);
    }

    protected override TimeSpan RevalidationInterval => _options.SessionRevalidationInterval;

    /// <summary>
    /// The signed-in user's session ended elsewhere (another tab's sign-out everywhere, the provider's logout, an
    /// idle or absolute lifetime): raised off the renderer's thread, just before the circuit signs out.
    /// </summary>
    /// <remarks>With the session's provider and why it ended.</remarks>
    public event Action<string?, SessionEnd>? SessionEnded;

    /// <summary>The provider of the signed-in user's session, if any.</summary>
    public async Task<string?> GetProviderIdAsync() =>
        (await GetAuthenticationStateAsync()).User.FindFirst(SignedInUser.ProviderClaim)?.Value;

    public void SignIn(SignedInUser user)
    {
        MarkLive(_time.GetUtcNow());
        SetAuthenticationState(TransformedAsync(user.ToPrincipal(_options.NameClaimType, _options.RoleClaimType)));
    }

    private async Task<AuthenticationState> TransformedAsync(ClaimsPrincipal user) =>
        new(_transformation is null ? user : await _transformation.TransformAsync(user));

    /// <summary>The signed-in user's session was found live as of <paramref name="at"/>.</summary>
    internal void MarkLive(DateTimeOffset at) => _knownLiveAt = at;

    /// <summary>Why the signed-in user's session is over; asked before the circuit signs out, while it still knows who that was.</summary>
    internal async Task<SessionEnd> WhyEndedAsync()
    {
        try
        {
            return await _sessions.WhyEndedAsync((await GetAuthenticationStateAsync()).User, _knownLiveAt, CancellationToken.None);
        }
        catch (AuthStoreUnavailableException)
        {
            return SessionEnd.Ended;
        }
    }

    public void SignOut() => SetAuthenticationState(SignedOut);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.FindFirst(SignedInUser.SessionClaim)?.Value is not { } sessionId)
        {
            return false;
        }

        try
        {
            // Taken before the read: a marker set after it would have made the read find the session over.
            var checkedAt = _time.GetUtcNow();
            if (await _sessions.IsLiveAsync(sessionId, cancellationToken))
            {
                MarkLive(checkedAt);
                return true;
            }
        }
        catch (AuthStoreUnavailableException)
        {
            // Unknown is not ended: the user stays signed in, and the next check asks again.
            return true;
        }

        // Only if this circuit still holds that session: one that signed out itself meanwhile has nothing to report.
        var user = (await GetAuthenticationStateAsync()).User;
        if (user.FindFirst(SignedInUser.SessionClaim)?.Value == sessionId)
        {
            SessionEnded?.Invoke(user.FindFirst(SignedInUser.ProviderClaim)?.Value, await WhyEndedAsync());
        }

        return false;
    }
}
