using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.Oidc;

internal sealed class OidcProviderFactory(
    ProviderHttp http,
    TokenEndpointClient tokens,
    UserInfoClient userInfo,
    IdTokenValidator idTokens,
    LogoutTokenValidator logoutTokens,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IAuthProviderFactory
{
    public string Type => OidcProvider.TypeName;

    public ProviderOptions Bind(IConfiguration settings) => settings.Get<OidcProviderOptions>() ?? new OidcProviderOptions();

    public IEnumerable<string> Validate(string id, ProviderOptions configured)
    {
        if (configured is not OidcProviderOptions options)
        {
            yield return ProviderSettings.NotItsType(id, nameof(OidcProviderOptions));
            yield break;
        }

        if (!ProviderUrls.IsSafe(options.Authority))
        {
            yield return $"Auth:Providers:{id}:Authority must be an https URL (http only on loopback).";
        }

        foreach (var error in ProviderSettings.CheckClient(id, options))
        {
            yield return error;
        }
    }

    public IAuthProvider Create(string id, ProviderOptions configured, AuthOptions auth)
    {
        var options = (OidcProviderOptions)configured;
        var logger = loggerFactory.CreateLogger<OidcProvider>();
        var metadata = new OidcMetadataSource(id, new Uri(options.Authority!), http, auth.BackchannelTimeout, time, logger);
        return new OidcProvider(id, options, metadata, tokens, userInfo, idTokens, logoutTokens, http, auth.PublicOrigin + auth.SignedOutPath(id), logger);
    }
}
