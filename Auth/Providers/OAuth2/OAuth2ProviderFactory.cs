using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.OAuth2;

internal sealed class OAuth2ProviderFactory(
    ProviderHttp http,
    TokenEndpointClient tokens,
    UserInfoClient userInfo,
    ILoggerFactory loggerFactory) : IAuthProviderFactory
{
    public string Type => OAuth2Provider.TypeName;

    public ProviderOptions Bind(IConfiguration settings) => settings.Get<OAuth2ProviderOptions>() ?? new OAuth2ProviderOptions();

    public IEnumerable<string> Validate(string id, ProviderOptions configured)
    {
        if (configured is not OAuth2ProviderOptions options)
        {
            yield return ProviderSettings.NotItsType(id, nameof(OAuth2ProviderOptions));
            yield break;
        }

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
        new OAuth2Provider(id, (OAuth2ProviderOptions)options, tokens, userInfo, http, loggerFactory.CreateLogger<OAuth2Provider>());
}
