using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Network;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BlazorAuth.Auth.Providers.Proxy;

internal sealed class ProxyProviderFactory(IHttpContextAccessor http) : IAuthProviderFactory
{
    public string Type => ProxyProvider.TypeName;

    public ProviderOptions Bind(IConfiguration settings) => settings.Get<ProxyProviderOptions>() ?? new ProxyProviderOptions();

    public IEnumerable<string> Validate(string id, ProviderOptions configured)
    {
        if (configured is not ProxyProviderOptions options)
        {
            yield return ProviderSettings.NotItsType(id, nameof(ProxyProviderOptions));
            yield break;
        }

        if (options.TrustedProxies.Count == 0)
        {
            yield return $"Auth:Providers:{id}:TrustedProxies must list the proxy's addresses: headers from anyone else are never believed.";
        }

        foreach (var entry in options.TrustedProxies.Where(entry => IPNetworks.Parse(entry) is null))
        {
            yield return $"Auth:Providers:{id}:TrustedProxies has '{entry}', which is neither an IP address nor a CIDR range.";
        }
    }

    public IAuthProvider Create(string id, ProviderOptions configured, AuthOptions auth)
    {
        var options = (ProxyProviderOptions)configured;
        return new ProxyProvider(id, options, [.. options.TrustedProxies.Select(entry => IPNetworks.Parse(entry)!.Value)], http);
    }
}
