using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.CentralAuth;

/// <summary>CentralAuth's API (verify, userinfo, logout), with its <c>{errorCode, message}</c> failures made specific.</summary>
internal sealed class CentralAuthClient(ProviderHttp http, Uri baseUrl, string clientId, string clientSecret)
{
    /// <summary>POST /api/v1/verify: the code exchange (no grant_type, Basic auth; no verifier on an autologin hop).</summary>
    public async Task<JsonElement> VerifyAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken)
    {
        using var request = Request("api/v1/verify");
        request.Content = new FormUrlEncodedContent(
            [new("code", code), new("redirect_uri", redirectUri), new("code_verifier", codeVerifier)]);
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>POST /api/v1/userinfo: the user behind an access token, or the reason the session is over.</summary>
    public async Task<JsonElement> UserInfoAsync(string accessToken, string appOrigin, string? userAgent, string? userIp, CancellationToken cancellationToken)
    {
        using var request = Request("api/v1/userinfo?domain=" + Uri.EscapeDataString(appOrigin));
        request.Content = new StringContent(accessToken, Encoding.UTF8, "text/plain");
        if (!string.IsNullOrEmpty(userAgent))
        {
            request.Headers.TryAddWithoutValidation("user-agent", userAgent);
        }

        if (!string.IsNullOrEmpty(userIp))
        {
            request.Headers.TryAddWithoutValidation("auth-ip", userIp);
        }

        return await SendAsync(request, cancellationToken);
    }

    /// <summary>POST /api/v1/logout: ends the CentralAuth session of the token.</summary>
    public async Task LogoutAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = Request("api/v1/logout");
        request.Content = new StringContent(accessToken, Encoding.UTF8, "text/plain");
        var response = await http.SendAsync(request, "centralauth", cancellationToken);
        if (!response.IsSuccess)
        {
            throw new AuthFlowException(CentralAuthErrors.For(ErrorCode(response)));
        }
    }

    private HttpRequestMessage Request(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path));
        // CentralAuth's API defines Basic as base64(client_id:client_secret), without the token endpoint's form-encoding.
        request.Headers.Authorization = ClientCredentials.BasicHeader(clientId, clientSecret, formEncoded: false);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, "centralauth", cancellationToken);
        if (!response.IsSuccess)
        {
            throw new AuthFlowException(CentralAuthErrors.For(ErrorCode(response)), providerText: ErrorCode(response));
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new AuthFlowException(AuthError.ProviderBadResponse);
        }
        catch (JsonException e)
        {
            throw new AuthFlowException(AuthError.ProviderBadResponse, inner: e);
        }
    }

    private static string? ErrorCode(ProviderHttpResponse response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Body, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String
                && code.GetString() is { Length: <= 64 } value && value.All(char.IsAsciiLetterOrDigit)
                    ? value
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
