using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers.Protocol;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>
/// A provider's discovery document and signing keys. Requests read the cached copy; it is renewed in the background
/// once it is old, and at once when a token names a key it does not hold (a provider that rotated its keys), with
/// one fetch at a time, at most one such forced fetch per <see cref="MinimumKeyRefreshInterval"/>, and no fetch
/// taking longer than the back-channel timeout, however many requests wait for it.
/// </summary>
internal sealed class OidcMetadataSource
{
    public static readonly TimeSpan AutomaticRefreshInterval = TimeSpan.FromHours(12);
    public static readonly TimeSpan MinimumKeyRefreshInterval = TimeSpan.FromSeconds(10);

    private readonly string _providerId;
    private readonly string _issuer;
    private readonly string _address;
    private readonly IDocumentRetriever _retriever;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Snapshot? _current;
    private Task<Snapshot>? _fetch;
    private DateTimeOffset _lastForced = DateTimeOffset.MinValue;

    public OidcMetadataSource(string providerId, Uri authority, ProviderHttp http, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        _providerId = providerId;
        _issuer = authority.AbsoluteUri.TrimEnd('/');
        _address = _issuer + "/.well-known/openid-configuration";
        _retriever = new FactoryDocumentRetriever(http, requireHttps: !authority.IsLoopback);
        _timeout = timeout;
        _time = time;
        _logger = logger;
    }

    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is null)
        {
            return (await FetchAsync().WaitAsync(cancellationToken)).Configuration;
        }

        if (_time.GetUtcNow() - current.FetchedAt > AutomaticRefreshInterval)
        {
            // Stale, not wrong: serve it while a fresh copy is fetched.
            _ = FetchAsync();
        }

        return current.Configuration;
    }

    /// <summary>
    /// Fresh keys for a token signed with a key the cached copy lacks: waits for one new fetch, unless such a fetch was
    /// forced a moment ago (a stream of tokens with made-up key ids must not turn into a stream of fetches).
    /// </summary>
    public async Task<OpenIdConnectConfiguration> RefreshKeysAsync(CancellationToken cancellationToken)
    {
        Task<Snapshot> fetch;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_current is { } current && now - _lastForced < MinimumKeyRefreshInterval && _fetch is null)
            {
                return current.Configuration;
            }

            _lastForced = now;
            fetch = _fetch ??= FetchOnceAsync();
        }

        return (await fetch.WaitAsync(cancellationToken)).Configuration;
    }

    /// <summary>The fetch in flight, or a new one: never two at a time.</summary>
    private Task<Snapshot> FetchAsync()
    {
        lock (_gate)
        {
            return _fetch ??= FetchOnceAsync();
        }
    }

    private async Task<Snapshot> FetchOnceAsync()
    {
        // Not the caller's token: the fetch is shared, and bounded by the back-channel timeout as a whole.
        using var timeout = new CancellationTokenSource(_timeout, _time);
        try
        {
            // Started under the gate: the fetch itself runs after the caller has let go of it.
            await Task.Yield();
            OpenIdConnectConfiguration configuration;
            try
            {
                configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_address, _retriever, timeout.Token);
            }
            catch (Exception e)
            {
                var error = timeout.IsCancellationRequested ? AuthError.ProviderTimeout : ErrorIn(e) ?? AuthError.ProviderUnavailable;
                AuthLog.MetadataUnavailable(_logger, _providerId, error.Name, e.GetBaseException().Message);
                AuthLog.MetadataUnavailableDetail(_logger, _providerId, e);
                throw new AuthFlowException(error, inner: e);
            }

            Validate(configuration);
            var snapshot = new Snapshot(configuration, _time.GetUtcNow());
            _current = snapshot;
            return snapshot;
        }
        finally
        {
            lock (_gate)
            {
                _fetch = null;
            }
        }
    }

    private static AuthError? ErrorIn(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is AuthFlowException flow)
            {
                return flow.Error;
            }
        }

        return null;
    }

    /// <summary>OIDC Discovery §4.3: the document must name the issuer it was fetched for.</summary>
    private void Validate(OpenIdConnectConfiguration configuration)
    {
        if (!string.Equals(configuration.Issuer?.TrimEnd('/'), _issuer, StringComparison.Ordinal)
            || !Uri.IsWellFormedUriString(configuration.AuthorizationEndpoint, UriKind.Absolute)
            || !Uri.IsWellFormedUriString(configuration.TokenEndpoint, UriKind.Absolute))
        {
            AuthLog.MetadataUnavailable(_logger, _providerId, AuthError.ProviderBadResponse.Name, "the discovery document names another issuer or lacks an endpoint");
            throw new AuthFlowException(AuthError.ProviderBadResponse);
        }
    }

    private sealed record Snapshot(OpenIdConnectConfiguration Configuration, DateTimeOffset FetchedAt);
}
