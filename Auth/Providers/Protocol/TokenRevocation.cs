using System.Globalization;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>RFC 7009 revocation of a session's token, best effort: signing out must not depend on the provider being up.</summary>
internal sealed class TokenRevocation(ProviderHttp http, ILogger logger)
{
    public async Task RevokeAsync(string providerId, Uri endpoint, ProviderGrant grant, ClientCredentials credentials, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        var form = new List<KeyValuePair<string, string>>
        {
            new("token", grant.Token),
            new("token_type_hint", grant.IsAccessToken ? "access_token" : "refresh_token"),
        };
        credentials.Apply(request, form);
        request.Content = new FormUrlEncodedContent(form);
        try
        {
            var response = await http.SendAsync(request, "revocation", cancellationToken);
            if (!response.IsSuccess)
            {
                AuthLog.RevocationFailed(logger, providerId, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }
        }
        catch (AuthFlowException e)
        {
            AuthLog.RevocationFailed(logger, providerId, e.Error.Name);
        }
    }
}
