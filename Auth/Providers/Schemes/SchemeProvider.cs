using System.Security.Claims;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers.Oidc;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// A provider signed in by an ASP.NET Core remote authentication handler: the popup challenges the scheme, the handler
/// checks the callback and redeems the code, and the session is BlazorAuth's like any other. Renewal and sign-out use
/// the handler's own configuration: its metadata and token validation for OpenID Connect, its token endpoint for OAuth.
/// </summary>
internal sealed class SchemeProvider(
    string id,
    string displayName,
    string type,
    string schemeName,
    string postLogoutRedirectUri,
    SchemeOptionsResolver schemeOptions,
    TokenEndpointClient tokens,
    TokenRevocation revocation) : ISchemeSignIn, ISessionRenewal, IProviderSignOut
{
    public string Id => id;

    public string DisplayName => displayName;

    public string Type => type;

    public string SchemeName => schemeName;

    /// <summary>The sign-in the handler's ticket vouches for.</summary>
    public async ValueTask<ProviderSignIn> ReadTicketAsync(ClaimsPrincipal principal, AuthenticationProperties properties, DateTimeOffset now)
    {
        var options = await schemeOptions.GetAsync(schemeName);
        var (audience, scope) = options switch
        {
            OpenIdConnectOptions oidc => (oidc.ClientId, string.Join(' ', oidc.Scope)),
            OAuthOptions oauth => (null, string.Join(' ', oauth.Scope)),
            _ => (null, ""),
        };
        return SchemeTicket.Read(principal, properties, audience, scope, now);
    }

    public async Task<ProviderSignIn> RefreshAsync(ProviderGrant grant, CancellationToken cancellationToken)
    {
        // Without a refresh token the session lives as long as its access token, which the routes track.
        if (grant.IsAccessToken)
        {
            return grant.Unrenewed();
        }

        var options = await schemeOptions.GetAsync(schemeName);
        OpenIdConnectConfiguration? configuration = null;
        Uri endpoint;
        ClientCredentials credentials;
        switch (options)
        {
            case OpenIdConnectOptions oidc:
                configuration = await ConfigurationOf(oidc, cancellationToken);
                endpoint = new Uri(configuration.TokenEndpoint);
                credentials = new ClientCredentials(oidc.ClientId!, oidc.ClientSecret, UseBasic: false);
                break;
            case OAuthOptions oauth:
                endpoint = new Uri(oauth.TokenEndpoint);
                credentials = new ClientCredentials(oauth.ClientId, oauth.ClientSecret, UseBasic: false);
                break;
            default:
                // A handler with no token endpoint renews nothing: the session lasts its own lifetime.
                return grant.Unrenewed();
        }

        var response = await tokens.RefreshAsync(id, endpoint, grant.Token, credentials, cancellationToken);

        var profile = grant.Profile;
        if (options is OpenIdConnectOptions openIdConnect && configuration is not null && !string.IsNullOrEmpty(response.IdToken))
        {
            var renewed = await ValidateIdTokenAsync(openIdConnect, configuration, response.IdToken);

            // A refreshed id_token often carries fewer claims than sign-in saw (userinfo is not asked again): keep what it
            // omits. And the claim set is the one sign-in made, which the handler's claim actions and the app's own events
            // shaped: the new token only updates claims of the types it already had.
            profile = renewed with
            {
                Email = renewed.Email ?? profile.Email,
                EmailVerified = renewed.Email is null ? profile.EmailVerified : renewed.EmailVerified,
                DisplayName = renewed.DisplayName ?? profile.DisplayName,
                Picture = renewed.Picture ?? profile.Picture,
                Claims = RefreshedClaims.Merge(profile.Claims, renewed.Claims),
            };
        }

        return new ProviderSignIn(response.ToProviderTokens(grant.Scope, grant.Token), profile);
    }

    public async Task<Uri?> SignOutAsync(ProviderGrant grant, string? idTokenHint, CancellationToken cancellationToken)
    {
        if (await schemeOptions.GetAsync(schemeName) is not OpenIdConnectOptions oidc)
        {
            return null;
        }

        var configuration = await ConfigurationOf(oidc, cancellationToken);
        if (configuration.AdditionalData.TryGetValue("revocation_endpoint", out var revocationEndpoint)
            && revocationEndpoint is string revocationUrl && ProviderUrls.IsSafe(revocationUrl))
        {
            await revocation.RevokeAsync(id, new Uri(revocationUrl), grant, new ClientCredentials(oidc.ClientId!, oidc.ClientSecret, UseBasic: false), cancellationToken);
        }

        return EndSessionUrl.Build(configuration.EndSessionEndpoint, oidc.ClientId!, postLogoutRedirectUri, idTokenHint);
    }

    private async Task<OpenIdConnectConfiguration> ConfigurationOf(OpenIdConnectOptions oidc, CancellationToken cancellationToken)
    {
        try
        {
            return oidc.Configuration ?? await oidc.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new AuthFlowException(AuthError.ProviderUnavailable, inner: e, detail: $"The scheme '{schemeName}' could not read its provider's metadata.");
        }
    }

    /// <summary>The handler's own token validation, with the issuer and keys of its current metadata (OIDC Core §12.2).</summary>
    private async Task<UserProfile> ValidateIdTokenAsync(OpenIdConnectOptions oidc, OpenIdConnectConfiguration configuration, string idToken)
    {
        var parameters = oidc.TokenValidationParameters.Clone();
        parameters.ValidIssuer = configuration.Issuer;
        parameters.ValidAudience = oidc.ClientId;
        parameters.IssuerSigningKeys = configuration.SigningKeys;
        var result = await oidc.TokenHandler.ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid)
        {
            throw new AuthFlowException(AuthError.InvalidIdToken, inner: result.Exception, detail: $"The scheme '{schemeName}' refused the refreshed id_token.");
        }

        return SchemeTicket.ProfileOf(new ClaimsPrincipal(result.ClaimsIdentity), oidc.ClientId);
    }
}
