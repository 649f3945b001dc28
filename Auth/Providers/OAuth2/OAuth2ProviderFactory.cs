using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.OAuth2;

internal sealed class OAuth2ProviderFactory(
    ProviderHttp http,
    TokenEndpointClient tokens,
    UserInfoClient userInfo,
    ILoggerFactory loggerFactory) : IAuthProviderFactory
{
    public string Type => OAuth2Provider.TypeName;

    public IEnumerable<string> Validate(string id, ProviderOptions options)
    {
        foreach (var (name, value) in new[]
        {
            ("AuthorizationEndpoint", options.AuthorizationEndpoint),
            ("TokenEndpoint", options.TokenEndpoint),
            ("UserInfoEndpoint", options.UserInfoEndpoint),
        })
        {
            if (!ProviderUrls.IsSafe(value))
            {
                yield return $"Auth:Providers:{id}:{name} must be an https URL (http only on loopback).";
            }
        }

        if (options.RevocationEndpoint is not null && !ProviderUrls.IsSafe(options.RevocationEndpoint))
        {
            yield return $"Auth:Providers:{id}:RevocationEndpoint must be an https URL (http only on loopback).";
        }

        foreach (var error in ProviderSettings.CheckClient(id, options))
        {
            yield return error;
        }
    }

    public IAuthProvider Create(string id, ProviderOptions options, AuthOptions auth) =>
        new OAuth2Provider(id, options, tokens, userInfo, http, loggerFactory.CreateLogger<OAuth2Provider>());
}
