using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BlazorAuth.Auth.Errors;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>Reads a userinfo endpoint (OIDC Core §5.3) as a flat map of string claims.</summary>
internal sealed class UserInfoClient(ProviderHttp http)
{
    /// <summary>The claims; <see cref="AuthError.SessionEnded"/> when the provider no longer accepts the token.</summary>
    public async Task<Dictionary<string, string>> GetAsync(Uri endpoint, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.ParseAdd("application/json");

        var response = await http.SendAsync(request, "userinfo", cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new AuthFlowException(AuthError.SessionEnded);
        }

        if (!response.IsSuccess || !response.IsJson)
        {
            throw new AuthFlowException(AuthError.ProviderBadResponse);
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new AuthFlowException(AuthError.ProviderBadResponse);
            }

            return ClaimValues.Flatten(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new AuthFlowException(AuthError.ProviderBadResponse, inner: e);
        }
    }
}
