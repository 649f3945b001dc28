using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>Where the demo provider tells the app that one of its sessions ended: the app's back-channel logout route.</summary>
internal sealed record DemoBackchannelTarget(Uri Uri);

/// <summary>
/// OIDC Back-Channel Logout 1.0 from the provider's side, which OpenIddict does not offer: when a user signs out
/// at the demo provider, a logout token signed with the provider's own key names their session (sid) to the app.
/// </summary>
internal sealed partial class DemoBackchannelLogout(
    IOptionsMonitor<OpenIddictServerOptions> server,
    IHttpClientFactory httpClientFactory,
    TimeProvider time,
    DemoBackchannelTarget target,
    ILogger<DemoBackchannelLogout> logger)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task NotifyAsync(string subject, string sessionId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeliveryTimeout);
        try
        {
            using var client = httpClientFactory.CreateClient();
            using var content = new FormUrlEncodedContent([new("logout_token", CreateToken(subject, sessionId))]);
            using var response = await client.PostAsync(target.Uri, content, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                Log.Refused(logger, target.Uri, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // The user is signed out here either way; an app that cannot be reached finds out at its next refresh.
            Log.Unreachable(logger, target.Uri, e.GetType().Name);
        }
    }

    private string CreateToken(string subject, string sessionId)
    {
        var options = server.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "logout+jwt",
            Issuer = options.Issuer!.AbsoluteUri,
            Audience = DemoIdentityProviderOptions.ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(2),
            SigningCredentials = options.SigningCredentials[0],
            Claims = new Dictionary<string, object>
            {
                ["sub"] = subject,
                ["sid"] = sessionId,
                ["jti"] = DemoIds.New(),
                ["events"] = new Dictionary<string, object> { [DemoIds.BackchannelLogoutEvent] = new Dictionary<string, object>() },
            },
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Warning, "Demo identity provider: the app at {Target} refused a back-channel logout with status {Status}")]
        public static partial void Refused(ILogger logger, Uri target, int status);

        [LoggerMessage(1202, LogLevel.Warning, "Demo identity provider: could not deliver a back-channel logout to {Target} ({Reason})")]
        public static partial void Unreachable(ILogger logger, Uri target, string reason);
    }
}
