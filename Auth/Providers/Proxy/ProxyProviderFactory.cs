using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Network;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Providers.Proxy;

internal sealed class ProxyProviderFactory(IHttpContextAccessor http) : IAuthProviderFactory
{
    public string Type => ProxyProvider.TypeName;

    public IEnumerable<string> Validate(string id, ProviderOptions options)
    {
        if (options.TrustedProxies.Count == 0)
        {
            yield return $"Auth:Providers:{id}:TrustedProxies must list the proxy's addresses: headers from anyone else are never believed.";
        }

        foreach (var entry in options.TrustedProxies.Where(entry => IPNetworks.Parse(entry) is null))
        {
            yield return $"Auth:Providers:{id}:TrustedProxies has '{entry}', which is neither an IP address nor a CIDR range.";
        }
    }

    public IAuthProvider Create(string id, ProviderOptions options, AuthOptions auth) =>
        new ProxyProvider(id, options, [.. options.TrustedProxies.Select(entry => IPNetworks.Parse(entry)!.Value)], http);
}
