using System.Text.Json;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// The circuit's side of the popup flow: the JS module reports on the popup through <see cref="JSInvokableAttribute"/>
/// methods, and this service redeems the server's session ticket, keeps the session fresh and signs out.
/// </summary>
public sealed partial class SignInService : IAsyncDisposable, IDisposable
{
    public const string ModulePath = "./_content/BlazorAuth.Auth/blazorauth.js";
    private const int MaxMessageLength = 64 * 1024;
    private const int MaxRelayedMessageLength = 500;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly IJSRuntime _js;
    private readonly CircuitAuthenticationStateProvider _auth;
    private readonly SessionTicketService _tickets;
    private readonly SessionRegistry _sessions;
    private readonly TimeProvider _time;
    private readonly AuthOptions _options;
    private readonly ILogger<SignInService> _logger;
    private DotNetObjectReference<SignInService>? _self;
    private IJSObjectReference? _module;
    private ITimer? _refreshTimer;
    private bool _renewSilently;

    // Counts sign-outs here: a renewal that was on its way when the user signed out must not sign them back in.
    private int _signOuts;

    public SignInService(
        IJSRuntime js,
        CircuitAuthenticationStateProvider auth,
        SessionTicketService tickets,
        SessionRegistry sessions,
        AuthProviderRegistry registry,
        TimeProvider time,
        IOptions<AuthOptions> options,
        ILogger<SignInService> logger)
    {
        _js = js;
        _auth = auth;
        _tickets = tickets;
        _sessions = sessions;
        _time = time;
        _options = options.Value;
        _logger = logger;
        Providers = [.. registry.All.Select(p => new ProviderChoice(
            p.Id, p.DisplayName, p.OffersSignIn(), _options.Providers.GetValueOrDefault(p.Id)?.RenewWithoutRefreshToken == true))];
        _auth.SessionEnded += OnSessionEnded;
    }

    public IReadOnlyList<ProviderChoice> Providers { get; }

    /// <summary>The provider whose popup is open, while it is.</summary>
    public string? SigningInWith { get; private set; }

    /// <summary>When the provider's access token runs out; the session is renewed before then.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; private set; }

    /// <summary>The last sign-in of this circuit, step by step.</summary>
    public SignInTimeline? LastSignIn { get; private set; }

    /// <summary>The last sign-in's id_token, taken apart; verified only if it is the one the server validated.</summary>
    public TokenView? LastIdToken { get; private set; }

    /// <summary>Whether the server has vouched for the session since this circuit started.</summary>
    public bool SessionChecked { get; private set; }

    public event Action? Changed;

    /// <summary>A sign-in or session failure, as a message for the user.</summary>
    public event Action<string>? Failed;

    /// <summary>Connects the JS module once the circuit is interactive, and renews a session restored from the cookie.</summary>
    public async Task InitializeAsync()
    {
        if (_module is not null)
        {
            return;
        }

        _self = DotNetObjectReference.Create(this);
        _module = await _js.InvokeAsync<IJSObjectReference>("import", ModulePath);
        await _module.InvokeVoidAsync("attach", _self, new { popupTimeoutMs = (int)_options.PopupTimeout.TotalMilliseconds, routePrefix = _options.RoutePrefix });
        if (await _auth.GetProviderIdAsync() is not null)
        {
            await RefreshAsync();
            return;
        }

        // A proxy in front of the app has signed the user in already: its headers ride on the app's own call.
        foreach (var provider in Providers.Where(p => !p.OffersSignIn))
        {
            RefreshResult? result;
            try
            {
                result = await _module.InvokeAsync<RefreshResult?>("refresh", provider.Id);
            }
            catch (JSException)
            {
                continue;
            }

            if (result is { Status: 200 } && await TryRedeemAsync(result.Ticket, provider.Id) is { } user)
            {
                Accept(user);
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
    /// every other field (profile, tokens) is ignored, so a forged call signs no one in.
    /// </summary>
    /// <param name="elapsedMs">What the page measured from the click to this message.</param>
    [JSInvokable]
    public async Task OnAuthorizationResponse(string providerId, string message, double elapsedMs)
    {
        var started = _time.GetTimestamp();
        SigningInWith = null;
        var read = ReadMessage(message);
        SignedInUser? user;
        try
        {
            user = await RedeemAsync(read.Ticket, providerId);
        }
        catch (AuthStoreUnavailableException)
        {
            Log.MessageRejected(_logger, providerId, AuthError.StoreUnavailable.Name);
            Fail(AuthError.StoreUnavailable.Message);
            return;
        }

        if (user is not null)
        {
            Log.SignedIn(_logger, providerId);
            RecordTimeline(providerId, read.Timing, TimeSpan.FromMilliseconds(Math.Clamp(elapsedMs, 0, TimeSpan.FromHours(1).TotalMilliseconds)), _time.GetElapsedTime(started));
            LastIdToken = TokenView.Decode(read.IdToken, user.IdTokenHash);
            Accept(user);
            return;
        }

        Log.MessageRejected(_logger, providerId, read.ErrorName ?? "NoValidTicket");
        Fail(ErrorText(read.ErrorName, read.ErrorText));
    }

    /// <summary>The popup could not finish: blocked, closed by the user, or timed out.</summary>
    [JSInvokable]
    public void OnSignInFailed(string providerId, string reason)
    {
        SigningInWith = null;
        Fail(reason switch
        {
            "PopupBlocked" => "The sign-in window was blocked. Please allow pop-ups for this site and try again.",
            "PopupClosed" => "The sign-in window was closed before sign-in finished.",
            "Timeout" => "Sign-in took too long and was stopped. Please try again.",
            _ => "Sign-in failed. Please try again.",
        });
    }

    /// <summary>The signed-in user's live sessions (every browser and tab signed in as them).</summary>
    public async Task<IReadOnlyList<SessionEntry>> ListSessionsAsync(CancellationToken cancellationToken = default) =>
        await UserKeyAsync() is { } userKey ? await _sessions.ListAsync(userKey, cancellationToken) : [];

    /// <summary>Ends every session of the signed-in user; their other circuits sign out at their next check.</summary>
    public async Task SignOutEverywhereAsync()
    {
        var userKey = await UserKeyAsync();
        var providerId = await _auth.GetProviderIdAsync();
        SignOutHere();

        // This browser's own session first, while it still holds the id_token the provider's sign-out asks for.
        await EndSessionAtServerAsync(providerId);
        if (userKey is not null)
        {
            await _sessions.EndAllAsync(userKey, CancellationToken.None);
        }
    }

    /// <summary>
    /// Another tab of this origin signed in or out: ask the server what this browser's session is now. The tab
    /// names only the provider; the answer is the server's.
    /// </summary>
    [JSInvokable]
    public async Task OnSessionChangedElsewhere(string providerId)
    {
        if (_module is null || !Providers.Any(p => p.Id == providerId))
        {
            return;
        }

        RefreshResult? result;
        try
        {
            result = await _module.InvokeAsync<RefreshResult?>("refresh", providerId);
        }
        catch (JSException)
        {
            return;
        }

        if (result is { Status: 200 } && await TryRedeemAsync(result.Ticket, providerId) is { } user)
        {
            Accept(user);
        }
        else if (result is { Status: 401 } && await _auth.GetProviderIdAsync() == providerId)
        {
            SignOutHere();
        }
    }

    public async Task SignOutAsync()
    {
        var providerId = await _auth.GetProviderIdAsync();
        SignOutHere();
        await EndSessionAtServerAsync(providerId);
    }

    /// <summary>Renews the session through /refresh; a refused session signs the circuit out.</summary>
    public async Task RefreshAsync()
    {
        if (await CallForRenewalAsync<RefreshResult>("refresh") is not { } renewal)
        {
            return;
        }

        var (providerId, result) = renewal;

        if (result is null)
        {
            ScheduleRefresh(RetryDelay);
            return;
        }

        SignedInUser? user;
        try
        {
            user = result.Status == 200 ? await RedeemAsync(result.Ticket, providerId) : null;
        }
        catch (AuthStoreUnavailableException)
        {
            user = null;
            result = result with { Status = AuthError.StoreUnavailable.StatusCode };
        }

        if (user is not null)
        {
            Accept(user);
        }
        else if (result.Status == 401)
        {
            SignOutHere();
            Fail(AuthError.SessionEnded.Message);
        }
        else
        {
            // Still signed in: the session may well be fine, and the next try will tell.
            if (result.Status == AuthError.StoreUnavailable.StatusCode)
            {
                Fail(AuthError.StoreUnavailable.Message);
            }

            ScheduleRefresh(RetryDelay);
        }
    }

    /// <summary>
    /// Renews a session the provider gave no refresh token through the provider's own session (<c>prompt=none</c> in a
    /// hidden frame). As with a popup's message, only the server's ticket counts; if there is none (the provider's
    /// session is over, or the frame could not reach it), the session ends here and the user is told.
    /// </summary>
    public async Task RenewSilentlyAsync()
    {
        if (await CallForRenewalAsync<string>("renewSilently") is not { } renewal)
        {
            return;
        }

        var (providerId, message) = renewal;

        var read = message is null ? RelayedMessage.Empty : ReadMessage(message);
        SignedInUser? user;
        try
        {
            user = await RedeemAsync(read.Ticket, providerId);
        }
        catch (AuthStoreUnavailableException)
        {
            Fail(AuthError.StoreUnavailable.Message);
            ScheduleRefresh(RetryDelay);
            return;
        }

        if (user is not null)
        {
            Log.SignedIn(_logger, providerId);
            Accept(user);
            return;
        }

        Log.MessageRejected(_logger, providerId, read.ErrorName ?? "SilentRenewalFailed");
        SignOutHere();
        Fail(AuthError.SessionEnded.Message);
    }

    /// <summary>
    /// Asks the module to renew the signed-in provider's session; null when there is nothing to renew or the circuit
    /// is gone or the user signed out meanwhile, else the provider and the module's answer (null when it failed in the browser).
    /// </summary>
    private async Task<Renewal<T>?> CallForRenewalAsync<T>(string function)
    {
        var providerId = await _auth.GetProviderIdAsync();
        if (providerId is null || _module is null)
        {
            return null;
        }

        var signOuts = _signOuts;
        try
        {
            var result = await _module.InvokeAsync<T?>(function, providerId);
            return signOuts == _signOuts ? new Renewal<T>(providerId, result) : null;
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and the circuit with it: nothing is left to renew.
            StopRefreshTimer();
            return null;
        }
        catch (JSException)
        {
            return new Renewal<T>(providerId, default);
        }
    }

    private sealed record Renewal<T>(string ProviderId, T? Result);

    public async ValueTask DisposeAsync()
    {
        _auth.SessionEnded -= OnSessionEnded;
        StopRefreshTimer();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach");
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone with its browser; there is nothing left to detach.
            }
        }

        _self?.Dispose();
    }

    /// <summary>The synchronous part of disposal, for containers disposed synchronously.</summary>
    public void Dispose()
    {
        _auth.SessionEnded -= OnSessionEnded;
        StopRefreshTimer();
        _self?.Dispose();
    }

    private async Task<string?> UserKeyAsync()
    {
        var user = (await _auth.GetAuthenticationStateAsync()).User;
        return user.FindFirst("iss")?.Value is { } issuer && user.FindFirst("sub")?.Value is { } subject
            ? SessionRegistry.UserKeyOf(issuer, subject)
            : null;
    }

    /// <summary>The ticket's user if the server issued it for this provider and it was not redeemed before, anywhere.</summary>
    private async Task<SignedInUser?> RedeemAsync(string? ticket, string providerId) =>
        ticket is not null && await _tickets.RedeemAsync(ticket, CancellationToken.None) is { } user && user.ProviderId == providerId ? user : null;

    /// <summary>As <see cref="RedeemAsync"/>, for checks with nothing to tell the user when the store cannot answer.</summary>
    private async Task<SignedInUser?> TryRedeemAsync(string? ticket, string providerId)
    {
        try
        {
            return await RedeemAsync(ticket, providerId);
        }
        catch (AuthStoreUnavailableException)
        {
            return null;
        }
    }

    private void Accept(SignedInUser user)
    {
        _auth.SignIn(user);
        SessionChecked = true;
        AccessTokenExpiresAt = user.AccessTokenExpiresAt;
        _renewSilently = user.WithoutRefreshToken && Providers.Any(p => p.Id == user.ProviderId && p.RenewsSilently);
        if (user.AccessTokenExpiresAt is { } expiresAt)
        {
            // Renew at 80% of the remaining lifetime, so the app never holds an expired token.
            var remaining = expiresAt - _time.GetUtcNow();
            ScheduleRefresh(TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, (long)(remaining.Ticks * 0.8))));
        }

        Changed?.Invoke();
    }

    /// <summary>
    /// Signs the circuit out before the session ends on the server, so that a revalidation running meanwhile finds
    /// nobody signed in here and does not report the session as ended elsewhere.
    /// </summary>
    private void SignOutHere()
    {
        _signOuts++;
        StopRefreshTimer();
        AccessTokenExpiresAt = null;
        _auth.SignOut();
        Changed?.Invoke();
    }

    private async Task EndSessionAtServerAsync(string? providerId)
    {
        if (providerId is null)
        {
            return;
        }

        LogoutResult? result = null;
        if (_module is not null)
        {
            try
            {
                result = await _module.InvokeAsync<LogoutResult?>("logout", providerId);
            }
            catch (JSException)
            {
                result = null;
            }
        }

        if (result is not { Status: 200 or 401 })
        {
            Fail("You are signed out on this page, but the server could not be reached to end the session.");
        }
    }

    /// <summary>The user did not sign out here, so they are told why they are signed out now.</summary>
    private void OnSessionEnded()
    {
        StopRefreshTimer();
        AccessTokenExpiresAt = null;
        Fail(AuthError.SessionEnded.Message);
    }

    private void Fail(string message)
    {
        Changed?.Invoke();
        Failed?.Invoke(message);
    }

    private void ScheduleRefresh(TimeSpan due)
    {
        StopRefreshTimer();
        _refreshTimer = _time.CreateTimer(_ => _ = _renewSilently ? RenewSilentlyAsync() : RefreshAsync(), null, due, Timeout.InfiniteTimeSpan);
    }

    private void StopRefreshTimer()
    {
        _refreshTimer?.Dispose();
        _refreshTimer = null;
    }

    /// <summary>
    /// Only error names the server defines are shown with the message that came with them (as text, bounded);
    /// anything else relayed by the browser gets a generic message.
    /// </summary>
    private static string ErrorText(string? name, string? relayed) =>
        AuthError.FindByName(name) is not { } error ? "Sign-in failed. Please try again."
        : string.IsNullOrWhiteSpace(relayed) || relayed.Length > MaxRelayedMessageLength ? error.Message
        : relayed;

    private static RelayedMessage ReadMessage(string message)
    {
        if (message.Length > MaxMessageLength)
        {
            return RelayedMessage.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return RelayedMessage.Empty;
            }

            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("session", out var session) && session.ValueKind == JsonValueKind.Object
                && session.TryGetProperty("ticket", out var ticket) && ticket.ValueKind == JsonValueKind.String)
            {
                var idToken = response.TryGetProperty("providerInfo", out var info) && info.ValueKind == JsonValueKind.Object ? StringOf(info, "idToken") : null;
                return new RelayedMessage(ticket.GetString(), idToken, TimingOf(root), null, null);
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return new RelayedMessage(null, null, null, StringOf(error, "name"), StringOf(error, "message"));
            }
        }
        catch (JsonException)
        {
            return RelayedMessage.Empty;
        }

        return RelayedMessage.Empty;
    }

    private static (long ProviderMs, long ExchangeMs)? TimingOf(JsonElement root) =>
        root.TryGetProperty("timing", out var timing) && timing.ValueKind == JsonValueKind.Object
        && timing.TryGetProperty("providerMs", out var provider) && provider.TryGetInt64(out var providerMs)
        && timing.TryGetProperty("exchangeMs", out var exchange) && exchange.TryGetInt64(out var exchangeMs)
        && providerMs >= 0 && exchangeMs >= 0
            ? (providerMs, exchangeMs)
            : null;

    /// <summary>
    /// The steps of the sign-in just finished. The server's timings ride in the relayed message, so they are
    /// only as good as the browser is honest; they are shown, never acted on.
    /// </summary>
    private void RecordTimeline(string providerId, (long ProviderMs, long ExchangeMs)? timing, TimeSpan messageAt, TimeSpan redeemTook)
    {
        var timeline = LastSignIn is { ProviderId: var id } existing && id == providerId ? existing : new SignInTimeline(providerId);
        if (timing is { } server)
        {
            var atProvider = TimeSpan.FromMilliseconds(server.ProviderMs);
            var exchange = TimeSpan.FromMilliseconds(server.ExchangeMs);
            timeline.Add("At the provider", atProvider, atProvider);
            timeline.Add("Callback: code exchange and token checks", atProvider + exchange, exchange);
        }

        timeline.Add("Message posted to the page", messageAt, messageAt > timeline.End ? messageAt - timeline.End : TimeSpan.Zero);
        timeline.Add("Circuit redeemed the session ticket", messageAt + redeemTook, redeemTook);
        LastSignIn = timeline;
    }

    private sealed record RelayedMessage(string? Ticket, string? IdToken, (long ProviderMs, long ExchangeMs)? Timing, string? ErrorName, string? ErrorText)
    {
        public static readonly RelayedMessage Empty = new(null, null, null, null, null);
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static partial class Log
    {
        [LoggerMessage(1100, LogLevel.Information, "Circuit signed in through provider {ProviderId}")]
        public static partial void SignedIn(ILogger logger, string providerId);

        [LoggerMessage(1101, LogLevel.Warning, "Circuit refused a sign-in message for provider {ProviderId}: {Reason}")]
        public static partial void MessageRejected(ILogger logger, string providerId, string reason);
    }
}
