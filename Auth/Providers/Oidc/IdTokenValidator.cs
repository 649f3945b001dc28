using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>Validates an id_token as OIDC Core §3.1.3.7 asks, with the provider's cached keys.</summary>
internal sealed class IdTokenValidator(TimeProvider time, ILogger<IdTokenValidator> logger)
{
    private const int MaxTokenLength = 16 * 1024;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <param name="expectedNonce">The transaction's nonce on sign-in; null on refresh, where none is sent.</param>
    public async Task<JsonWebToken> ValidateAsync(
        string providerId, string idToken, string clientId, string expectedIssuer, string? expectedNonce,
        OidcMetadataSource metadata, CancellationToken cancellationToken)
    {
        var token = await VerifySignedAsync(providerId, idToken, clientId, expectedIssuer, metadata, cancellationToken);
        CheckClaims(providerId, token, clientId, expectedNonce);
        return token;
    }

    /// <summary>
    /// A JWT the provider signed with one of its published keys, for this client, from the expected issuer; the caller
    /// checks the claims its kind of token needs. A key the cached set lacks waits for one fresh key set (a provider
    /// that rotated its keys); a token that still names no published key is the provider's fault
    /// (<see cref="AuthError.ProviderKeysUnknown"/>), not proof against the user.
    /// </summary>
    public async Task<JsonWebToken> VerifySignedAsync(
        string providerId, string idToken, string clientId, string expectedIssuer, OidcMetadataSource metadata, CancellationToken cancellationToken)
    {
        if (idToken.Length > MaxTokenLength)
        {
            throw Reject(providerId, "too long");
        }

        var configuration = await metadata.GetAsync(cancellationToken);
        var result = await Handler.ValidateTokenAsync(idToken, Parameters(configuration, clientId, expectedIssuer));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            configuration = await metadata.RefreshKeysAsync(cancellationToken);
            result = await Handler.ValidateTokenAsync(idToken, Parameters(configuration, clientId, expectedIssuer));
            if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                AuthLog.IdTokenRejected(logger, providerId, "signed with a key the provider does not publish");
                throw new AuthFlowException(AuthError.ProviderKeysUnknown);
            }
        }

        return result.IsValid && result.SecurityToken is JsonWebToken token
            ? token
            : throw Reject(providerId, result.Exception?.GetType().Name ?? "invalid");
    }

    private void CheckClaims(string providerId, JsonWebToken token, string clientId, string? expectedNonce)
    {
        if (string.IsNullOrEmpty(token.Subject))
        {
            throw Reject(providerId, "no sub");
        }

        var now = time.GetUtcNow();
        if (!token.TryGetPayloadValue<long>("exp", out var expiresAt) || DateTimeOffset.FromUnixTimeSeconds(expiresAt) < now - ClockSkew)
        {
            throw Reject(providerId, "expired");
        }

        if (token.TryGetPayloadValue<long>("nbf", out var notBefore) && DateTimeOffset.FromUnixTimeSeconds(notBefore) > now + ClockSkew)
        {
            throw Reject(providerId, "not yet valid");
        }

        if (!token.TryGetPayloadValue<long>("iat", out var issuedAt) || DateTimeOffset.FromUnixTimeSeconds(issuedAt) > now + ClockSkew)
        {
            throw Reject(providerId, "iat missing or in the future");
        }

        var hasAzp = token.TryGetPayloadValue<string>("azp", out var azp);
        if ((hasAzp && azp != clientId) || (!hasAzp && token.Audiences.Count() > 1))
        {
            throw Reject(providerId, "azp");
        }

        var hasNonce = token.TryGetPayloadValue<string>("nonce", out var nonce);
        if (expectedNonce is not null && (!hasNonce || !Protection.RandomIds.FixedTimeEquals(nonce, expectedNonce)))
        {
            throw Reject(providerId, "nonce");
        }
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, string clientId, string issuer)
    {
        var offered = configuration.IdTokenSigningAlgValuesSupported;
        return new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = clientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = offered.Count == 0 ? AsymmetricAlgorithms : AsymmetricAlgorithms.Intersect(offered).ToArray(),
            RequireSignedTokens = true,
            // Lifetime is checked in CheckClaims against the app's TimeProvider.
            ValidateLifetime = false,
            TryAllIssuerSigningKeys = false,
        };
    }

    private AuthFlowException Reject(string providerId, string reason)
    {
        AuthLog.IdTokenRejected(logger, providerId, reason);
        return new AuthFlowException(AuthError.InvalidIdToken);
    }
}
