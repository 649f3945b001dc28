using System.Security.Claims;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
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
    private readonly AuthOptions _options;

    public CircuitAuthenticationStateProvider(ILoggerFactory loggerFactory, SessionRegistry sessions, IOptions<AuthOptions> options)
        : base(loggerFactory)
    {
        _sessions = sessions;
        _options = options.Value;

        // Signed out until the host hands over the page's user (or a ticket signs someone in).
        SetAuthenticationState(SignedOut);
    }

    protected override TimeSpan RevalidationInterval => _options.SessionRevalidationInterval;

    /// <summary>
    /// The signed-in user's session ended elsewhere (another tab's sign-out everywhere, the provider's logout, an
    /// idle or absolute lifetime): raised off the renderer's thread, just before the circuit signs out.
    /// </summary>
    public event Action? SessionEnded;

    /// <summary>The provider of the signed-in user's session, if any.</summary>
    public async Task<string?> GetProviderIdAsync() =>
        (await GetAuthenticationStateAsync()).User.FindFirst(SignedInUser.ProviderClaim)?.Value;

    public void SignIn(SignedInUser user) =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(user.ToPrincipal())));

    public void SignOut() => SetAuthenticationState(SignedOut);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.FindFirst(SignedInUser.SessionClaim)?.Value is not { } sessionId)
        {
            return false;
        }

        try
        {
            if (await _sessions.IsLiveAsync(sessionId, cancellationToken))
            {
                return true;
            }
        }
        catch (AuthStoreUnavailableException)
        {
            // Unknown is not ended: the user stays signed in, and the next check asks again.
            return true;
        }

        // Only if this circuit still holds that session: one that signed out itself meanwhile has nothing to report.
        if ((await GetAuthenticationStateAsync()).User.FindFirst(SignedInUser.SessionClaim)?.Value == sessionId)
        {
            SessionEnded?.Invoke();
        }

        return false;
    }
}
