using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.IdentityModel.Protocols;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>Fetches discovery and JWKS documents through the resilient back-channel client, https only off loopback.</summary>
internal sealed class FactoryDocumentRetriever(ProviderHttp http, bool requireHttps) : IDocumentRetriever
{
    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (requireHttps && !address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Metadata must be fetched over https.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        var response = await http.SendAsync(request, "metadata", cancel);
        if (!response.IsSuccess)
        {
            throw new InvalidOperationException($"Metadata request answered {(int)response.StatusCode}.");
        }

        return System.Text.Encoding.UTF8.GetString(response.Body);
    }
}
