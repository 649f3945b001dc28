using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>
/// A provider's discovery document and signing keys, cached and refreshed in the background by
/// <see cref="ConfigurationManager{T}"/>; requests read the cached copy.
/// </summary>
public sealed class OidcMetadataSource
{
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private readonly string _providerId;
    private readonly string _issuer;
    private readonly ILogger _logger;
    private OpenIdConnectConfiguration? _validated;

    public OidcMetadataSource(string providerId, Uri authority, Backchannel backchannel, ILogger logger)
    {
        _providerId = providerId;
        _logger = logger;
        _issuer = authority.AbsoluteUri.TrimEnd('/');
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            _issuer + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new FactoryDocumentRetriever(backchannel, requireHttps: !authority.IsLoopback))
        {
            // How soon a failed fetch is tried again, and how often an unknown kid may ask for an early refresh.
            RefreshInterval = TimeSpan.FromSeconds(10),
        };
    }

    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _manager.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception e) when (e is not AuthFlowException && !cancellationToken.IsCancellationRequested)
        {
            AuthLog.MetadataUnavailable(_logger, _providerId, e);
            throw new AuthFlowException(
                e.InnerException is AuthFlowException { Error: var inner } && inner == AuthError.ProviderTimeout
                    ? AuthError.ProviderTimeout
                    : AuthError.ProviderUnavailable,
                inner: e);
        }

        if (!ReferenceEquals(configuration, _validated))
        {
            // OIDC Discovery §4.3: the document must name the issuer it was fetched for.
            if (!string.Equals(configuration.Issuer?.TrimEnd('/'), _issuer, StringComparison.Ordinal)
                || !Uri.IsWellFormedUriString(configuration.AuthorizationEndpoint, UriKind.Absolute)
                || !Uri.IsWellFormedUriString(configuration.TokenEndpoint, UriKind.Absolute))
            {
                throw new AuthFlowException(AuthError.ProviderBadResponse);
            }

            _validated = configuration;
        }

        return configuration;
    }

    public void RequestRefresh() => _manager.RequestRefresh();
}
