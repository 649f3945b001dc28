using System.Text.Json;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>OIDC Back-Channel Logout 1.0 §2.6: a logout token is checked as strictly as an id_token, and used once.</summary>
internal sealed class LogoutTokenValidator(IdTokenValidator signatures, SingleUseStore spent, TimeProvider time, ILogger<LogoutTokenValidator> logger)
{
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public async Task<ProviderLogout> ValidateAsync(
        string providerId, string logoutToken, string clientId, string issuer, OidcMetadataSource metadata, CancellationToken cancellationToken)
    {
        var token = await signatures.VerifySignedAsync(providerId, logoutToken, clientId, issuer, metadata, cancellationToken);

        var hasSubject = token.TryGetPayloadValue<string>("sub", out var subject) && !string.IsNullOrEmpty(subject);
        var hasSession = token.TryGetPayloadValue<string>("sid", out var sid) && !string.IsNullOrEmpty(sid);
        if (!token.TryGetPayloadValue<long>("iat", out var issuedAt)
            || Math.Abs((time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issuedAt)).Ticks) > MaxAge.Ticks
            || !HasLogoutEvent(token)
            || token.TryGetPayloadValue<object>("nonce", out _)
            || (!hasSubject && !hasSession)
            || !token.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrEmpty(jti) || jti.Length > 256)
        {
            throw Reject(providerId, "claims");
        }

        // Past iat + MaxAge the token is refused for its age, so its jti need not be remembered longer.
        var refusedFrom = DateTimeOffset.FromUnixTimeSeconds(issuedAt) + MaxAge;
        if (!await spent.TrySpendAsync("logout-jti:" + providerId + ":" + jti, refusedFrom, cancellationToken))
        {
            throw Reject(providerId, "replayed jti");
        }

        return new ProviderLogout(token.Issuer, hasSubject ? subject : null, hasSession ? sid : null);
    }

    private static bool HasLogoutEvent(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return events.TryGetProperty(LogoutEvent, out var member) && member.ValueKind == JsonValueKind.Object;
    }

    private AuthFlowException Reject(string providerId, string reason)
    {
        AuthLog.IdTokenRejected(logger, providerId, "logout token: " + reason);
        return new AuthFlowException(AuthError.InvalidRequest);
    }
}
