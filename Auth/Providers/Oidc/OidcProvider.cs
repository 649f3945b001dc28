using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers.Protocol;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>Any standards-compliant OpenID Connect provider, from its discovery document and configuration alone.</summary>
internal sealed class OidcProvider(
    string id,
    OidcProviderOptions options,
    OidcMetadataSource metadata,
    TokenEndpointClient tokens,
    UserInfoClient userInfo,
    IdTokenValidator idTokens,
    LogoutTokenValidator logoutTokens,
    ProviderHttp http,
    string postLogoutRedirectUri,
    ILogger logger) : IAuthorizationCodeSignIn, ISessionRenewal, IProviderSignOut, IProviderLogoutSource
{
    public const string TypeName = "oidc";
    public const string DefaultScopes = "openid profile email";

    private readonly string _clientId = options.ClientId!;
    private readonly string _scope = EnsureOpenId(options.Scopes ?? DefaultScopes);
    private CachedTarget? _target;

    public string Id => id;

    public string DisplayName => options.DisplayName ?? id;

    public string Type => TypeName;

    public async ValueTask<AuthorizeTarget> GetAuthorizeTargetAsync(CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);

        // /start runs in front of every sign-in: build the target once per metadata document, not per request.
        if (_target is { } cached && ReferenceEquals(cached.Source, configuration))
        {
            return cached.Target;
        }

        var target = new AuthorizeTarget(
            new Uri(configuration.AuthorizationEndpoint),
            configuration.Issuer,
            configuration.AuthorizationResponseIssParameterSupported,
            UsesNonce: true,
            UsesPkce: true,
            _clientId,
            _scope,
            ProviderSettings.AuthorizeParametersOf(options, _scope, options.PromptConsentForOfflineAccess));
        _target = new CachedTarget(configuration, target);
        return target;
    }

    public async Task<ProviderSignIn> ExchangeCodeAsync(CodeExchange exchange, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        var response = await tokens.RequestAsync(
            id,
            new Uri(configuration.TokenEndpoint),
            [
                new("grant_type", "authorization_code"),
                new("code", exchange.Code),
                new("redirect_uri", exchange.RedirectUri),
                new("code_verifier", exchange.CodeVerifier),
            ],
            Credentials(configuration),
            cancellationToken);

        if (string.IsNullOrEmpty(response.IdToken))
        {
            AuthLog.IdTokenRejected(logger, id, "missing");
            throw new AuthFlowException(AuthError.ProviderBadResponse);
        }

        var issuer = exchange.ExpectedIssuer ?? configuration.Issuer;
        var idToken = await idTokens.ValidateAsync(id, response.IdToken, _clientId, issuer, exchange.Nonce, metadata, cancellationToken);
        var profile = await BuildProfileAsync(configuration, idToken, response.AccessToken, cancellationToken);
        return new ProviderSignIn(response.ToProviderTokens(_scope), profile);
    }

    public async Task<ProviderSignIn> RefreshAsync(ProviderGrant grant, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        if (grant.IsAccessToken)
        {
            // Without a refresh token the session lives as long as the provider still honours the access token.
            var profile = await BuildProfileAsync(configuration, idToken: null, grant.Token, cancellationToken, grant.Profile);
            return grant.Unrenewed(profile);
        }

        var response = await tokens.RefreshAsync(id, new Uri(configuration.TokenEndpoint), grant.Token, Credentials(configuration), cancellationToken);

        var refreshedProfile = grant.Profile;
        if (!string.IsNullOrEmpty(response.IdToken))
        {
            var idToken = await idTokens.ValidateAsync(id, response.IdToken, _clientId, grant.Profile.Issuer, null, metadata, cancellationToken);
            var renewed = ProfileFrom(idToken, userInfoClaims: null);

            // A refreshed id_token often carries fewer claims than sign-in saw (userinfo is not asked again): keep what it omits.
            refreshedProfile = renewed with
            {
                Email = renewed.Email ?? grant.Profile.Email,
                EmailVerified = renewed.Email is null ? grant.Profile.EmailVerified : renewed.EmailVerified,
                DisplayName = renewed.DisplayName ?? grant.Profile.DisplayName,
                Picture = renewed.Picture ?? grant.Profile.Picture,
            };
        }

        return new ProviderSignIn(response.ToProviderTokens(_scope, grant.Token), refreshedProfile);
    }

    public async Task<ProviderLogout?> ReadBackchannelLogoutAsync(string logoutToken, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        return await logoutTokens.ValidateAsync(id, logoutToken, _clientId, configuration.Issuer, metadata, cancellationToken);
    }

    public async ValueTask<string?> GetFrontchannelLogoutIssuerAsync(CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        var offered = options.FrontchannelLogout
            ?? string.Equals(configuration.FrontchannelLogoutSupported, "true", StringComparison.OrdinalIgnoreCase);
        return offered ? configuration.Issuer : null;
    }

    public async Task<Uri?> SignOutAsync(ProviderGrant grant, string? idTokenHint, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        if (!string.IsNullOrEmpty(configuration.RevocationEndpoint))
        {
            await new TokenRevocation(http, logger).RevokeAsync(
                id, new Uri(configuration.RevocationEndpoint), grant, Credentials(configuration), cancellationToken);
        }

        return EndSessionUrl.Build(configuration.EndSessionEndpoint, _clientId, postLogoutRedirectUri, idTokenHint);
    }

    private async Task<UserProfile> BuildProfileAsync(
        OpenIdConnectConfiguration configuration, JsonWebToken? idToken, string accessToken, CancellationToken cancellationToken, UserProfile? previous = null)
    {
        Dictionary<string, string>? claims = null;
        if (!string.IsNullOrEmpty(configuration.UserInfoEndpoint))
        {
            claims = await userInfo.GetAsync(new Uri(configuration.UserInfoEndpoint), accessToken, cancellationToken);
            var expectedSubject = idToken?.Subject ?? previous?.Subject;
            if (!claims.TryGetValue("sub", out var subject) || subject != expectedSubject)
            {
                AuthLog.IdTokenRejected(logger, id, "userinfo sub differs");
                throw new AuthFlowException(previous is null ? AuthError.InvalidIdToken : AuthError.IdentityChanged);
            }
        }

        if (idToken is not null)
        {
            return ProfileFrom(idToken, claims);
        }

        var renewedEmail = claims?.GetValueOrDefault("email");
        return previous! with
        {
            Email = renewedEmail ?? previous.Email,
            EmailVerified = renewedEmail is null ? previous.EmailVerified : ClaimValues.IsTrue(claims!.GetValueOrDefault("email_verified")),
            DisplayName = claims?.GetValueOrDefault("name") ?? previous.DisplayName,
            Picture = claims?.GetValueOrDefault("picture") ?? previous.Picture,
        };
    }

    private UserProfile ProfileFrom(JsonWebToken idToken, Dictionary<string, string>? userInfoClaims)
    {
        string? Claim(string type) =>
            userInfoClaims?.GetValueOrDefault(type) ?? (idToken.TryGetPayloadValue<string>(type, out var value) ? value : null);

        // Kept for display; the session bounds them (ProfileBounds) before they reach its cookie.
        var displayClaims = idToken.Claims
            .Where(c => c.Type is not ("nonce" or "at_hash" or "c_hash"))
            .Select(c => new KeyValuePair<string, string>(c.Type, c.Value))
            .ToList();

        // Whether the address is verified is read from the same answer the address came from.
        var (email, emailVerified) = userInfoClaims?.GetValueOrDefault("email") is { } fromUserInfo
            ? (fromUserInfo, ClaimValues.IsTrue(userInfoClaims.GetValueOrDefault("email_verified")))
            : (idToken.TryGetPayloadValue<string>("email", out var fromIdToken) ? fromIdToken : null, IdTokenSaysVerified(idToken));

        return new UserProfile(
            idToken.Subject,
            idToken.Issuer,
            _clientId,
            email,
            Claim("name") ?? Claim("preferred_username"),
            Claim("picture"),
            displayClaims,
            email is not null && emailVerified);
    }

    // OIDC Core §5.1 makes it a boolean; some providers send the string "true".
    private static bool IdTokenSaysVerified(JsonWebToken idToken) =>
        (idToken.TryGetPayloadValue<bool>("email_verified", out var flag) && flag)
        || (idToken.TryGetPayloadValue<string>("email_verified", out var text) && ClaimValues.IsTrue(text));

    private ClientCredentials Credentials(OpenIdConnectConfiguration configuration) =>
        ClientCredentials.For(_clientId, options.ClientSecret, options.ClientAuthentication, configuration.TokenEndpointAuthMethodsSupported);

    private static string EnsureOpenId(string scopes)
    {
        var list = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!list.Contains("openid"))
        {
            list.Insert(0, "openid");
        }

        return string.Join(' ', list);
    }

    private sealed record CachedTarget(OpenIdConnectConfiguration Source, AuthorizeTarget Target);
}
