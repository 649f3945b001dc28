using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.CentralAuth;

internal sealed class CentralAuthProviderFactory(ProviderHttp providerHttp, IHttpContextAccessor http, ILoggerFactory loggerFactory) : IAuthProviderFactory
{
    /// <summary>The token key is the secret's UTF-8 bytes, and A256CBC-HS512 needs exactly 64 of them.</summary>
    private const int SecretLength = 64;

    public string Type => CentralAuthProvider.TypeName;

    public ProviderOptions Bind(IConfiguration settings) => settings.Get<CentralAuthProviderOptions>() ?? new CentralAuthProviderOptions();

    public IEnumerable<string> Validate(string id, ProviderOptions configured)
    {
        if (configured is not CentralAuthProviderOptions options)
        {
            yield return ProviderSettings.NotItsType(id, nameof(CentralAuthProviderOptions));
            yield break;
        }

        if (!ProviderUrls.IsSafe(options.Authority))
        {
            yield return $"Auth:Providers:{id}:Authority must be CentralAuth's https base URL, such as https://centralauth.com.";
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            yield return $"Auth:Providers:{id}:ClientId is required.";
        }

        foreach (var origin in options.AutologinOrigins.Where(o => !PublicOriginResolver.TryNormalize(o, out var normalized) || normalized != o))
        {
            yield return $"Auth:Providers:{id}:AutologinOrigins has '{origin}', which is not an origin such as https://other.example.com.";
        }

        if (options.ClientSecret is not { Length: SecretLength } || !options.ClientSecret.All(char.IsAscii))
        {
            yield return $"Auth:Providers:{id}:ClientSecret must be the {SecretLength}-character CentralAuth client secret.";
        }
    }

    public IAuthProvider Create(string id, ProviderOptions configured, AuthOptions auth)
    {
        var options = (CentralAuthProviderOptions)configured;
        var baseUrl = new Uri(options.Authority!.TrimEnd('/') + "/");
        return new CentralAuthProvider(
            id,
            options,
            new CentralAuthClient(providerHttp, baseUrl, options.ClientId!, options.ClientSecret!),
            new CentralAuthTokens(options.ClientSecret!),
            http,
            auth.PublicOrigin!,
            loggerFactory.CreateLogger<CentralAuthProvider>());
    }
}
