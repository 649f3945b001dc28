using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// Builds providers over ASP.NET Core authentication schemes: <c>aspnet</c>, a scheme the host registered (by its
/// name, <see cref="SchemeProviderOptions.Scheme"/>), and <c>aspnet-oidc</c>, the framework's OpenID Connect handler
/// registered from configuration alone (<see cref="AspNetOidcScheme"/>).
/// </summary>
internal sealed class SchemeProviderFactory(
    string type,
    SchemeOptionsResolver schemeOptions,
    TokenEndpointClient tokens,
    ProviderHttp http,
    ILoggerFactory loggerFactory) : IAuthProviderFactory
{
    public const string HostSchemeType = "aspnet";
    public const string AspNetOidcType = "aspnet-oidc";

    public string Type => type;

    /// <summary>The scheme a provider's sign-in runs through, or null for a provider of another type.</summary>
    public static string? SchemeNameOf(string id, ProviderOptions options) => options.Type?.ToLowerInvariant() switch
    {
        HostSchemeType => (options as SchemeProviderOptions)?.Scheme,
        AspNetOidcType => AspNetOidcScheme.NameOf(id),
        _ => null,
    };

    public ProviderOptions Bind(IConfiguration settings) => type == HostSchemeType
        ? settings.Get<SchemeProviderOptions>() ?? new SchemeProviderOptions()
        : settings.Get<AspNetOidcProviderOptions>() ?? new AspNetOidcProviderOptions();

    public IEnumerable<string> Validate(string id, ProviderOptions configured)
    {
        if (type == HostSchemeType)
        {
            if (configured is not SchemeProviderOptions { Scheme: { Length: > 0 } })
            {
                yield return $"Auth:Providers:{id}:Scheme must name the authentication scheme the host registered.";
            }

            yield break;
        }

        if (configured is not AspNetOidcProviderOptions options)
        {
            yield return ProviderSettings.NotItsType(id, nameof(AspNetOidcProviderOptions));
        }
        else
        {
            if (!ProviderUrls.IsSafe(options.Authority))
            {
                yield return $"Auth:Providers:{id}:Authority must be an https URL (http only on loopback).";
            }

            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                yield return $"Auth:Providers:{id}:ClientId is required.";
            }

            if (options.ResponseMode is not (null or "query" or "form_post"))
            {
                yield return $"Auth:Providers:{id}:ResponseMode must be query or form_post.";
            }

            if (options.PushedAuthorization is not null && !Enum.TryParse<PushedAuthorizationBehavior>(options.PushedAuthorization, ignoreCase: true, out _))
            {
                yield return $"Auth:Providers:{id}:PushedAuthorization must be UseIfAvailable, Disable or Require.";
            }

            if (options.MetadataAddress is not null && !ProviderUrls.IsSafe(options.MetadataAddress))
            {
                yield return $"Auth:Providers:{id}:MetadataAddress must be an https URL (http only on loopback).";
            }
        }
    }

    public IAuthProvider Create(string id, ProviderOptions options, AuthOptions auth) => new SchemeProvider(
        id,
        options.DisplayName ?? id,
        type,
        SchemeNameOf(id, options)!,
        auth.PublicOrigin + auth.SignedOutPath(id),
        schemeOptions,
        tokens,
        new TokenRevocation(http, loggerFactory.CreateLogger<SchemeProvider>()));
}
