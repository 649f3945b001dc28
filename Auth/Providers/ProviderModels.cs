namespace BlazorAuth.Auth.Providers;

/// <summary>The provider's authorize endpoint and what its callback must carry.</summary>
/// <param name="AuthorizationEndpoint">Where the popup goes.</param>
/// <param name="Issuer">The issuer the tokens (and RFC 9207 <c>iss</c>) must name, where the provider has one.</param>
/// <param name="IssParameterRequired">The metadata promises <c>iss</c> on the authorization response.</param>
/// <param name="UsesNonce">The provider issues id_tokens that carry the OIDC nonce.</param>
/// <param name="UsesPkce">The provider takes a PKCE S256 challenge (RFC 7636).</param>
/// <param name="ClientId">The <c>client_id</c> the provider knows the app by.</param>
/// <param name="Scope">The configured scopes, space-separated.</param>
/// <param name="ExtraParameters">Further parameters the provider's configuration asks for (<c>prompt</c>, <c>acr_values</c>…).</param>
public sealed record AuthorizeTarget(
    Uri AuthorizationEndpoint, string? Issuer, bool IssParameterRequired, bool UsesNonce, bool UsesPkce, string ClientId, string Scope,
    IReadOnlyList<KeyValuePair<string, string>>? ExtraParameters = null);

/// <summary>What the callback handed over, after the transaction checked out.</summary>
/// <param name="CodeVerifier">The transaction's PKCE verifier.</param>
public sealed record CodeExchange(string Code, string CodeVerifier, string RedirectUri, string? Nonce, string? ExpectedIssuer);

/// <summary>Tokens and the validated user, after a code exchange or a refresh.</summary>
public sealed record ProviderSignIn(ProviderTokens Tokens, UserProfile Profile);

public sealed record ProviderTokens(string AccessToken, string? IdToken, string? RefreshToken, string Scope, TimeSpan? ExpiresIn);

/// <summary>The user as the provider vouched for them. <see cref="Claims"/> are the id_token's, for display.</summary>
/// <param name="EmailVerified">The provider says it checked that <see cref="Email"/> belongs to the user; only such an
/// address may count for anything (an email-domain rule), since anyone can type any address into their profile.</param>
public sealed record UserProfile(
    string Subject,
    string Issuer,
    string? Audience,
    string? Email,
    string? DisplayName,
    string? Picture,
    IReadOnlyList<KeyValuePair<string, string>> Claims,
    bool EmailVerified = false);

/// <summary>What a session holds of its provider: the token it renews (or, where the provider gave no refresh token, lives) on, and whom it names.</summary>
/// <param name="Token">The refresh token; the access token where <paramref name="IsAccessToken"/>.</param>
public sealed record ProviderGrant(string Token, bool IsAccessToken, string Scope, UserProfile Profile)
{
    /// <summary>The sign-in this grant already is, renewing nothing: for a session that lives on its access token, or a provider with nothing to renew.</summary>
    /// <param name="profile">The user as the provider names them now; by default, as the session has them.</param>
    public ProviderSignIn Unrenewed(UserProfile? profile = null) =>
        new(new ProviderTokens(IsAccessToken ? Token : "", null, IsAccessToken ? null : Token, Scope, null), profile ?? Profile);
}

/// <summary>What a provider's logout (a back-channel logout token, a front-channel request) asks to end: one of its sessions, or all of a user's.</summary>
public sealed record ProviderLogout(string Issuer, string? Subject, string? ProviderSessionId);
