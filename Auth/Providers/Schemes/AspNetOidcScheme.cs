using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// The <c>aspnet-oidc</c> type: ASP.NET Core's own OpenID Connect handler, registered for each such provider from
/// <c>Auth:Providers:{id}</c> (<c>Authority</c>, <c>ClientId</c>, <c>ClientSecret</c>, <c>Scopes</c>, and the
/// handler options of <see cref="AspNetOidcProviderOptions"/>), so the
/// environment-variable recipe that configures the built-in <c>oidc</c> type configures the framework's handler too.
/// </summary>
public static class AspNetOidcScheme
{
    /// <summary>The scheme registered for provider <paramref name="providerId"/>.</summary>
    public static string NameOf(string providerId) => "BlazorAuth." + providerId;

    internal static void AddFromConfiguration(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var provider in configuration.GetSection(AuthOptions.SectionName + ":Providers").GetChildren())
        {
            if (string.Equals(provider["Type"], SchemeProviderFactory.AspNetOidcType, StringComparison.OrdinalIgnoreCase))
            {
                Add(services, provider.Key);
            }
        }
    }

    private static void Add(IServiceCollection services, string providerId)
    {
        var scheme = NameOf(providerId);
        services.AddAuthentication().AddOpenIdConnect(scheme, _ => { });
        services.AddOptions<OpenIdConnectOptions>(scheme).Configure<IOptions<AuthOptions>, IHttpClientFactory>((oidc, auth, http) =>
        {
            var settings = (AspNetOidcProviderOptions)auth.Value.Providers[providerId];
            oidc.Authority = settings.Authority;
            oidc.MetadataAddress = settings.MetadataAddress;
            oidc.ClientId = settings.ClientId;
            oidc.ClientSecret = settings.ClientSecret;
            oidc.ResponseType = "code";
            oidc.ResponseMode = settings.ResponseMode ?? oidc.ResponseMode;
            oidc.UsePkce = settings.UsePkce;
            if (settings.PushedAuthorization is { } par)
            {
                oidc.PushedAuthorizationBehavior = Enum.Parse<PushedAuthorizationBehavior>(par, ignoreCase: true);
            }

            oidc.Scope.Clear();
            foreach (var value in (settings.Scopes ?? "openid profile email").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                oidc.Scope.Add(value);
            }

            oidc.MapInboundClaims = false;
            oidc.GetClaimsFromUserInfoEndpoint = settings.GetClaimsFromUserInfoEndpoint;
            oidc.TokenValidationParameters.NameClaimType = "name";
            oidc.RequireHttpsMetadata = Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) && !authority.IsLoopback;

            // The handler's discovery, code redemption and userinfo calls go through the app's resilient back channel.
            oidc.Backchannel = http.CreateClient(ProviderHttp.HttpClientName);
            oidc.BackchannelTimeout = auth.Value.BackchannelTimeout;
        });
    }
}
