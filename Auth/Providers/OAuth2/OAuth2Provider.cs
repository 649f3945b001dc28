using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers.Protocol;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.OAuth2;

/// <summary>
/// A plain OAuth 2.0 provider without OpenID Connect (GitHub-style): configured endpoints, and a user who is
/// whatever its user endpoint says, read through a claim mapping.
/// </summary>
internal sealed class OAuth2Provider(
    string id,
    OAuth2ProviderOptions options,
    TokenEndpointClient tokens,
    UserInfoClient userInfo,
    ProviderHttp http,
    ILogger logger) : IAuthorizationCodeSignIn, ISessionRenewal, IProviderSignOut
{
    public const string TypeName = "oauth2";

    private readonly Uri _tokenEndpoint = new(options.TokenEndpoint!);
    private readonly Uri _userInfoEndpoint = new(options.UserInfoEndpoint!);
    private readonly Uri? _verifiedEmailsEndpoint = options.VerifiedEmailsEndpoint is { } emails ? new Uri(emails) : null;
    private readonly string _scope = options.Scopes ?? "";

    // Without an issuer of its own, the provider's users are named by the origin that signs them in.
    private readonly string _issuer = options.Authority ?? new Uri(options.AuthorizationEndpoint!).GetLeftPart(UriPartial.Authority);

    // A configured Authority is the provider's issuer: an RFC 9207 iss on the callback must then name it.
    private readonly AuthorizeTarget _target = new(
        new Uri(options.AuthorizationEndpoint!), Issuer: options.Authority, IssParameterRequired: false, UsesNonce: false, options.UsePkce, options.ClientId!, options.Scopes ?? "",
        ProviderSettings.AuthorizeParametersOf(options, options.Scopes ?? "", promptConsentForOfflineAccess: false));

    public string Id => id;

    public string DisplayName => options.DisplayName ?? id;

    public string Type => TypeName;

    public ValueTask<AuthorizeTarget> GetAuthorizeTargetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_target);

    public async Task<ProviderSignIn> ExchangeCodeAsync(CodeExchange exchange, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", exchange.Code),
            new("redirect_uri", exchange.RedirectUri),
        };
        if (options.UsePkce)
        {
            form.Add(new("code_verifier", exchange.CodeVerifier));
        }

        var response = await tokens.RequestAsync(id, _tokenEndpoint, form, Credentials, cancellationToken);
        var profile = await ReadProfileAsync(response.AccessToken, previous: null, cancellationToken);
        return new ProviderSignIn(WithoutIdToken(response.ToProviderTokens(_scope)), profile);
    }

    public async Task<ProviderSignIn> RefreshAsync(ProviderGrant grant, CancellationToken cancellationToken)
    {
        if (grant.IsAccessToken)
        {
            // Without a refresh token the session lives as long as the provider still honours the access token.
            var profile = await ReadProfileAsync(grant.Token, grant.Profile, cancellationToken);
            return grant.Unrenewed(profile);
        }

        var response = await tokens.RefreshAsync(id, _tokenEndpoint, grant.Token, Credentials, cancellationToken);

        var renewed = await ReadProfileAsync(response.AccessToken, grant.Profile, cancellationToken);
        return new ProviderSignIn(WithoutIdToken(response.ToProviderTokens(_scope, grant.Token)), renewed);
    }

    public async Task<Uri?> SignOutAsync(ProviderGrant grant, string? idTokenHint, CancellationToken cancellationToken)
    {
        if (options.RevocationEndpoint is not null)
        {
            await new TokenRevocation(http, logger).RevokeAsync(
                id, new Uri(options.RevocationEndpoint), grant, Credentials, cancellationToken);
        }

        return null;
    }

    // This type validates no id_token, so none is passed on: nothing downstream may take one for vouched-for.
    private static ProviderTokens WithoutIdToken(ProviderTokens tokens) => tokens with { IdToken = null };

    private ClientCredentials Credentials => ClientCredentials.For(options.ClientId!, options.ClientSecret, options.ClientAuthentication, null);

    private async Task<UserProfile> ReadProfileAsync(string accessToken, UserProfile? previous, CancellationToken cancellationToken)
    {
        var user = await userInfo.GetAsync(_userInfoEndpoint, accessToken, cancellationToken);
        var profile = UserJsonProfile.Read(user, options.ClaimMapping, _issuer, options.ClientId!);
        if (profile is null || (previous is not null && profile.Subject != previous.Subject))
        {
            AuthLog.IdTokenRejected(logger, id, profile is null ? "user endpoint names no user id" : "user endpoint names another user");
            throw new AuthFlowException(previous is null ? AuthError.ProviderBadResponse : AuthError.IdentityChanged);
        }

        if (_verifiedEmailsEndpoint is not null)
        {
            var verified = await VerifiedEmails.PrimaryAsync(http, _verifiedEmailsEndpoint, accessToken, cancellationToken);
            profile = verified is null ? profile with { EmailVerified = false } : profile with { Email = verified, EmailVerified = true };
        }

        return profile;
    }
}
