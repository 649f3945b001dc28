using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// The circuit's side of sign-in, as the app's components see it: who is signing in, what failed, the last sign-in's
/// steps. The browser's side reports on the popup through the <see cref="JSInvokableAttribute"/> methods; only a
/// session ticket the server issued and this circuit redeems ever signs anyone in, whichever way it arrives.
/// </summary>
public sealed partial class SignInService : IAsyncDisposable, IDisposable
{
    public const string ModulePath = BrowserModule.Path;

    private readonly BrowserModule _browser;
    private readonly CircuitAuthenticationStateProvider _auth;
    private readonly SessionTicketService _tickets;
    private readonly SessionRegistry _sessions;
    private readonly SessionRenewal _sessionRenewal;
    private readonly UserSessions _userSessions;
    private readonly RenewalTimer _renewal;
    private readonly TimeProvider _time;
    private readonly AuthOptions _options;
    private readonly ILogger<SignInService> _logger;
    private bool _renewSilently;

    // Counts sign-outs here: a renewal that was on its way when the user signed out must not sign them back in.
    private int _signOuts;

    internal SignInService(
        IJSRuntime js,
        CircuitAuthenticationStateProvider auth,
        SessionTicketService tickets,
        SessionRegistry sessions,
        SessionRenewal sessionRenewal,
        AuthProviderRegistry registry,
        TimeProvider time,
        IOptions<AuthOptions> options,
        ILogger<SignInService> logger,
        IHttpContextAccessor? request = null)
    {
        _browser = new BrowserModule(js);
        _auth = auth;
        _tickets = tickets;
        _sessions = sessions;
        _sessionRenewal = sessionRenewal;
        _userSessions = new UserSessions(auth, sessions);
        _renewal = new RenewalTimer(time);
        _time = time;
        _options = options.Value;
        _logger = logger;
        Providers = [.. registry.All.Select(p =>
        {
            var settings = _options.Providers.GetValueOrDefault(p.Id);
            return new ProviderChoice(p.Id, p.DisplayName, p.OffersSignIn(), settings?.RenewWithoutRefreshToken == true, settings?.LogoUrl);
        })];

        // The page's request (while prerendering) or the circuit's connection: both carry the browser's cookies.
        LastUsedProvider = LastProviderCookie.Read(request?.HttpContext) is { } last && Providers.Any(p => p.Id == last && p.OffersSignIn) ? last : null;
        _auth.SessionEnded += OnSessionEnded;
    }

    public IReadOnlyList<ProviderChoice> Providers { get; }

    /// <summary>The provider this browser last signed in with, if it is still offered.</summary>
    public string? LastUsedProvider { get; private set; }

    /// <summary>The providers a user can sign in with, the one this browser used last first.</summary>
    public IEnumerable<ProviderChoice> SignInChoices =>
        Providers.Where(p => p.OffersSignIn).OrderBy(p => p.Id == LastUsedProvider ? 0 : 1);

    /// <summary>The provider whose popup is open, while it is.</summary>
    public string? SigningInWith { get; private set; }

    /// <summary>When the provider's access token runs out; the session is renewed before then.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; private set; }

    /// <summary>When this circuit took the current access token (its sign-in or last renewal).</summary>
    public DateTimeOffset? AccessTokenReceivedAt { get; private set; }

    /// <summary>When the circuit renews the session next; null when no renewal is scheduled.</summary>
    public DateTimeOffset? RenewsAt => _renewal.DueAt;

    /// <summary>The last sign-in of this circuit, step by step.</summary>
    public SignInTimeline? LastSignIn { get; private set; }

    /// <summary>The id_token the server validated at this circuit's last sign-in, taken apart for display.</summary>
    public TokenView? LastIdToken { get; private set; }

    /// <summary>The provider whose popup the browser blocked, until the user signs in some other way: offer <see cref="ContinueInThisTabAsync"/>.</summary>
    public string? PopupBlockedFor { get; private set; }

    /// <summary>Whether the server has vouched for the session since this circuit started.</summary>
    public bool SessionChecked { get; private set; }

    public event Action? Changed;

    /// <summary>A sign-in or session failure, or news about the session, for the user.</summary>
    public event Action<SignInProblem>? Failed;

    /// <summary>
    /// Connects the browser's side once the circuit is interactive. A session restored from the cookie is looked up on
    /// the server: renewed at the provider only if its access token is due, and scheduled for renewal before it runs out.
    /// </summary>
    public async Task InitializeAsync()
    {
        if (_browser.IsAttached)
        {
            return;
        }

        await _browser.AttachAsync(this, _options.PopupTimeout, _options.RoutePrefix);
        if (await _auth.GetProviderIdAsync() is not null)
        {
            await RenewAsync(silently: false, confirmAccessToken: false);
            return;
        }

        // A proxy in front of the app has signed the user in already: its headers ride on the app's own call.
        foreach (var provider in Providers.Where(p => !p.OffersSignIn))
        {
            if (await RenewThroughBrowserAsync(provider.Id, silently: false) == Renewed.Accepted)
            {
                return;
            }
        }
    }

    [JSInvokable]
    public void OnSignInStarted(string providerId)
    {
        if (Providers.Any(p => p.Id == providerId))
        {
            SigningInWith = providerId;
            LastSignIn = new SignInTimeline(providerId);
            LastIdToken = null;
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// The message the popup posted. Only its session ticket is used, and only after the server redeems it;
    /// every other field (profile, timings) is shown at most, so a forged call signs no one in.
    /// </summary>
    /// <param name="providerId">The provider the popup signed in with.</param>
    /// <param name="message">The frame page's message, as the browser relayed it.</param>
    /// <param name="elapsedMs">What the page measured from the click to this message.</param>
    [JSInvokable]
    public async Task OnAuthorizationResponse(string providerId, string message, double elapsedMs)
    {
        var started = _time.GetTimestamp();
        SigningInWith = null;
        var read = PopupMessage.Read(message);
        SignedInUser? user;
        try
        {
            user = await RedeemAsync(read.Ticket, providerId);
        }
        catch (AuthStoreUnavailableException)
        {
            Log.MessageRejected(_logger, providerId, AuthError.StoreUnavailable.Name);
            Fail(new SignInProblem(SignInText.StoreUnavailable, AuthError.StoreUnavailable.Name, RetryableWith(providerId)));
            return;
        }

        if (user is null)
        {
            Log.MessageRejected(_logger, providerId, read.ErrorName ?? "NoValidTicket");
            Fail(read.Problem(NameOf(providerId), RetryableWith(providerId)));
            return;
        }

        Log.SignedIn(_logger, providerId);
        var messageAt = TimeSpan.FromMilliseconds(Math.Clamp(elapsedMs, 0, TimeSpan.FromHours(1).TotalMilliseconds));
        LastSignIn = SignInTimeline.Record(LastSignIn, providerId, read.Timing, messageAt, _time.GetElapsedTime(started));
        LastIdToken = await IdTokenOfAsync(user.SessionId);
        Accept(user);
    }

    /// <summary>The popup could not finish: blocked, closed by the user, timed out, or cancelled from this page.</summary>
    [JSInvokable]
    public void OnSignInFailed(string providerId, string reason)
    {
        SigningInWith = null;
        if (reason == SignInText.Cancelled)
        {
            // The user's own choice, made on this page: nothing to explain.
            Changed?.Invoke();
            return;
        }

        PopupBlockedFor = reason == SignInText.PopupBlocked && Providers.Any(p => p.Id == providerId) ? providerId : null;
        Fail(new SignInProblem(SignInText.PopupFailure(reason, NameOf(providerId)), RetryWith: RetryableWith(providerId)));
    }

    /// <summary>
    /// Signs in without a popup: this tab goes to the provider and comes back to the same page (the redirect flow), and
    /// goes on doing so for the rest of the tab's session.
    /// </summary>
    public Task ContinueInThisTabAsync(string providerId) =>
        Providers.Any(p => p.Id == providerId && p.OffersSignIn) ? _browser.ContinueInThisTabAsync(providerId) : Task.CompletedTask;

    /// <summary>
    /// Another tab of this origin signed in or out: ask the server what this browser's session is now. The tab
    /// names only the provider; the answer is the server's.
    /// </summary>
    [JSInvokable]
    public async Task OnSessionChangedElsewhere(string providerId)
    {
        if (!_browser.IsAttached || !Providers.Any(p => p.Id == providerId))
        {
            return;
        }

        if (await RenewThroughBrowserAsync(providerId, silently: false) == Renewed.Ended && await _auth.GetProviderIdAsync() == providerId)
        {
            // Another tab of this browser said so: short of a better reason, it was a sign-out there.
            var why = await _auth.WhyEndedAsync();
            SignOutHere();
            Fail(Ended(providerId, why == SessionEnd.Ended ? SessionEnd.SignedOut : why));
        }
    }

    /// <summary>The scopes the provider granted the signed-in user's session; empty when there is none or the store cannot say.</summary>
    public async Task<IReadOnlyList<string>> GrantedScopesAsync()
    {
        if ((await _auth.GetAuthenticationStateAsync()).User.FindFirst(SignedInUser.SessionClaim)?.Value is not { } sessionId)
        {
            return [];
        }

        try
        {
            return (await _sessions.GetAsync(sessionId, CancellationToken.None))?.Secrets.Scope
                .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        }
        catch (AuthStoreUnavailableException)
        {
            return [];
        }
    }

    /// <summary>The signed-in user's live sessions (every browser and tab signed in as them).</summary>
    public Task<IReadOnlyList<SessionEntry>> ListSessionsAsync(CancellationToken cancellationToken = default) =>
        _userSessions.ListAsync(cancellationToken);

    public async Task SignOutAsync()
    {
        var providerId = await _auth.GetProviderIdAsync();
        SignOutHere();
        await EndSessionAtServerAsync(providerId);
    }

    /// <summary>Ends every session of the signed-in user; their other circuits sign out at their next check.</summary>
    public async Task SignOutEverywhereAsync()
    {
        var userKey = await _userSessions.UserKeyAsync();
        var providerId = await _auth.GetProviderIdAsync();
        SignOutHere();

        // This browser's own session first, while it still holds the id_token the provider's sign-out asks for.
        await EndSessionAtServerAsync(providerId);
        if (userKey is not null)
        {
            await _userSessions.EndAllAsync(userKey);
            Fail(new SignInProblem(SignInText.SignedOutEverywhere, IsNotice: true));
        }
    }

    /// <summary>
    /// Renews the session on the server: at the provider if its access token is due, else it takes the session as it
    /// is (another tab, circuit or instance may have renewed it). A session that is over signs the circuit out.
    /// </summary>
    public Task RefreshAsync() => RenewAsync(silently: false, confirmAccessToken: true);

    /// <summary>
    /// Renews a session the provider gave no refresh token through the provider's own session (<c>prompt=none</c> in a
    /// hidden frame). If there is no ticket (the provider's session is over, or the frame could not reach it), the
    /// session ends here and the user is told.
    /// </summary>
    public Task RenewSilentlyAsync() => RenewAsync(silently: true, confirmAccessToken: false);

    /// <param name="confirmAccessToken">Whether a session without a refresh token has the provider confirm its access token.</param>
    private async Task RenewAsync(bool silently, bool confirmAccessToken)
    {
        if (await _auth.GetProviderIdAsync() is not { } providerId)
        {
            return;
        }

        switch (silently ? await RenewThroughBrowserAsync(providerId, silently: true) : await RenewOnServerAsync(confirmAccessToken))
        {
            case Renewed.Ended:
                var why = await _auth.WhyEndedAsync();
                SignOutHere();
                Fail(Ended(providerId, why));
                break;
            case Renewed.StoreUnavailable:
                // Still signed in: the session may well be fine, and the next try will tell.
                Fail(new SignInProblem(SignInText.StoreUnavailable, AuthError.StoreUnavailable.Name));
                _renewal.Retry(RenewDueAsync);
                break;
            case Renewed.Unreachable:
                _renewal.Retry(RenewDueAsync);
                break;
        }
    }

    /// <summary>
    /// The circuit's session, renewed if due, straight from the store: the circuit knows its session id from the server,
    /// so no call goes through the browser. Unless the user signed out meanwhile, the circuit takes the result.
    /// </summary>
    private async Task<Renewed> RenewOnServerAsync(bool confirmAccessToken)
    {
        var signOuts = _signOuts;
        if ((await _auth.GetAuthenticationStateAsync()).User.FindFirst(SignedInUser.SessionClaim)?.Value is not { } sessionId)
        {
            return Renewed.Discarded;
        }

        LiveSession session;
        try
        {
            var readAt = _time.GetUtcNow();
            if (await _sessions.GetAsync(sessionId, CancellationToken.None) is not { } current)
            {
                return Renewed.Ended;
            }

            _auth.MarkLive(readAt);

            current = await _sessions.TouchAsync(current, CancellationToken.None);
            session = await _sessionRenewal.EnsureFreshAsync(current, confirmAccessToken, CancellationToken.None);
        }
        catch (AuthStoreUnavailableException)
        {
            return Renewed.StoreUnavailable;
        }
        catch (AuthFlowException e) when (e.Error == AuthError.SessionEnded || e.Error == AuthError.IdentityChanged)
        {
            return Renewed.Ended;
        }
        catch (AuthFlowException)
        {
            return Renewed.Unreachable;
        }

        if (signOuts != _signOuts)
        {
            return Renewed.Discarded;
        }

        LastIdToken ??= TokenView.Decode(session.Secrets.IdToken);
        Accept(session.ToUser());
        return Renewed.Accepted;
    }

    /// <summary>
    /// A renewal the browser takes part in: the browser's side asks the server for a fresh ticket (<c>/refresh</c> with
    /// the browser's cookie, or a hidden frame's silent sign-in), and the circuit signs in with what the ticket names,
    /// unless the user signed out meanwhile.
    /// </summary>
    private async Task<Renewed> RenewThroughBrowserAsync(string providerId, bool silently)
    {
        var signOuts = _signOuts;
        string? ticket;
        try
        {
            if (silently)
            {
                var message = await _browser.RenewSilentlyAsync(providerId);
                ticket = (message is null ? PopupMessage.Empty : PopupMessage.Read(message)).Ticket;
                if (ticket is null)
                {
                    Log.MessageRejected(_logger, providerId, "SilentRenewalFailed");
                }
            }
            else
            {
                var result = await _browser.RefreshAsync(providerId);
                if (result is not { Status: 200 })
                {
                    return signOuts != _signOuts ? Renewed.Discarded
                        : result?.Status == 401 ? Renewed.Ended
                        : result?.Status == AuthError.StoreUnavailable.StatusCode ? Renewed.StoreUnavailable
                        : Renewed.Unreachable;
                }

                ticket = result.Ticket;
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and the circuit with it: nothing is left to renew.
            _renewal.Stop();
            return Renewed.Discarded;
        }

        if (signOuts != _signOuts)
        {
            return Renewed.Discarded;
        }

        SignedInUser? user;
        try
        {
            user = await RedeemAsync(ticket, providerId);
        }
        catch (AuthStoreUnavailableException)
        {
            return Renewed.StoreUnavailable;
        }

        if (user is null)
        {
            // A silent renewal without a ticket means the provider's session is over; a refresh's bad ticket is tried again.
            return silently ? Renewed.Ended : Renewed.Unreachable;
        }

        if (silently)
        {
            Log.SignedIn(_logger, providerId);
        }

        Accept(user);
        return Renewed.Accepted;
    }

    private enum Renewed
    {
        Accepted,
        Ended,
        StoreUnavailable,
        Unreachable,
        Discarded,
    }

    public async ValueTask DisposeAsync()
    {
        _auth.SessionEnded -= OnSessionEnded;
        _renewal.Dispose();
        await _browser.DisposeAsync();
    }

    /// <summary>The synchronous part of disposal, for containers disposed synchronously.</summary>
    public void Dispose()
    {
        _auth.SessionEnded -= OnSessionEnded;
        _renewal.Dispose();
    }

    /// <summary>The ticket's user if the server issued it for this provider and it was not redeemed before, anywhere.</summary>
    private async Task<SignedInUser?> RedeemAsync(string? ticket, string providerId) =>
        ticket is not null && await _tickets.RedeemAsync(ticket, CancellationToken.None) is { } user && user.ProviderId == providerId ? user : null;

    /// <summary>The id_token the server validated for the session, for display; null if the session holds none.</summary>
    private async Task<TokenView?> IdTokenOfAsync(string sessionId)
    {
        try
        {
            return TokenView.Decode((await _sessions.GetAsync(sessionId, CancellationToken.None))?.Secrets.IdToken);
        }
        catch (AuthStoreUnavailableException)
        {
            return null;
        }
    }

    private void Accept(SignedInUser user)
    {
        PopupBlockedFor = null;
        if (Providers.Any(p => p.Id == user.ProviderId && p.OffersSignIn))
        {
            LastUsedProvider = user.ProviderId;
        }

        _auth.SignIn(user);
        SessionChecked = true;
        AccessTokenExpiresAt = user.AccessTokenExpiresAt;
        AccessTokenReceivedAt = _time.GetUtcNow();
        _renewSilently = user.WithoutRefreshToken && Providers.Any(p => p.Id == user.ProviderId && p.RenewsSilently);
        if (user.AccessTokenExpiresAt is { } expiresAt)
        {
            _renewal.ScheduleBefore(expiresAt, RenewDueAsync);
        }

        Changed?.Invoke();
    }

    private Task RenewDueAsync() => _renewSilently ? RenewSilentlyAsync() : RefreshAsync();

    /// <summary>
    /// Signs the circuit out before the session ends on the server, so that a revalidation running meanwhile finds
    /// nobody signed in here and does not report the session as ended elsewhere.
    /// </summary>
    private void SignOutHere()
    {
        _signOuts++;
        _renewal.Stop();
        AccessTokenExpiresAt = null;
        AccessTokenReceivedAt = null;
        _auth.SignOut();
        Changed?.Invoke();
    }

    private async Task EndSessionAtServerAsync(string? providerId)
    {
        if (providerId is null)
        {
            return;
        }

        if (await _browser.LogoutAsync(providerId) is not { Status: 200 or 401 })
        {
            Fail(new SignInProblem(SignInText.SignOutUnreachable));
        }
    }

    /// <summary>The user did not sign out here, so they are told why they are signed out now.</summary>
    private void OnSessionEnded(string? providerId, SessionEnd why)
    {
        _renewal.Stop();
        AccessTokenExpiresAt = null;
        AccessTokenReceivedAt = null;
        Fail(Ended(providerId, why));
    }

    private SignInProblem Ended(string? providerId, SessionEnd why) => new(
        SignInText.SessionEndedBecause(why, providerId is null ? "your provider" : NameOf(providerId)),
        RetryWith: providerId is null ? null : RetryableWith(providerId),
        IsNotice: true);

    /// <summary>The provider's display name; null for a provider this app does not have (one removed since, say).</summary>
    public string? DisplayNameOf(string providerId) => Providers.FirstOrDefault(p => p.Id == providerId)?.DisplayName;

    /// <summary>The provider's name for a sentence; a provider this app does not have is named generically.</summary>
    private string NameOf(string providerId) => DisplayNameOf(providerId) ?? "your provider";

    private string? RetryableWith(string providerId) => Providers.Any(p => p.Id == providerId && p.OffersSignIn) ? providerId : null;

    private void Fail(SignInProblem problem)
    {
        Changed?.Invoke();
        Failed?.Invoke(problem);
    }

    private static partial class Log
    {
        [LoggerMessage(1100, LogLevel.Information, "Circuit signed in through provider {ProviderId}")]
        public static partial void SignedIn(ILogger logger, string providerId);

        [LoggerMessage(1101, LogLevel.Warning, "Circuit refused a sign-in message for provider {ProviderId}: {Reason}")]
        public static partial void MessageRejected(ILogger logger, string providerId, string reason);
    }
}
