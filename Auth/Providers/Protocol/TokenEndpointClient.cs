using System.Globalization;
using System.Text.Json;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>
/// Calls an OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §6) and accepts only a well-formed answer: the
/// provider's body is never reflected, redirects are not followed, a used code is told apart.
/// </summary>
internal sealed class TokenEndpointClient(ProviderHttp http, ILogger<TokenEndpointClient> logger)
{
    public async Task<TokenResponse> RequestAsync(
        string providerId,
        Uri endpoint,
        List<KeyValuePair<string, string>> form,
        ClientCredentials credentials,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        credentials.Apply(request, form);
        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.ParseAdd("application/json");

        var response = await http.SendAsync(request, "token", cancellationToken);
        using var document = ParseJson(response);
        var root = document?.RootElement;

        // Some providers (GitHub) answer a refused exchange with 200 and an "error" member.
        var error = root is { } answer ? ReadErrorCode(answer) : null;
        if (!response.IsSuccess || error is not null)
        {
            AuthLog.TokenEndpointRefused(logger, providerId, (int)response.StatusCode, error ?? "(none)");
            throw new AuthFlowException(
                ErrorFor(error, response.StatusCode),
                detail: $"The token endpoint answered HTTP {(int)response.StatusCode} with error '{error ?? "(none)"}'.");
        }

        return (root is { } tokens ? Parse(tokens) : null) ?? throw BadShape(providerId);
    }

    /// <summary>The refresh-token grant (RFC 6749 §6); a refresh token the provider no longer honours ends the session.</summary>
    public async Task<TokenResponse> RefreshAsync(string providerId, Uri endpoint, string refreshToken, ClientCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            return await RequestAsync(providerId, endpoint, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], credentials, cancellationToken);
        }
        catch (AuthFlowException e) when (e.Error == AuthError.InvalidGrant)
        {
            throw new AuthFlowException(AuthError.SessionEnded, inner: e);
        }
    }

    /// <summary>
    /// A used code is the user's to retry; the app's own client being refused (a wrong secret, a method or parameter
    /// the provider does not take) is a configuration fault for the operator, not a provider answering falsely.
    /// </summary>
    private static AuthError ErrorFor(string? error, System.Net.HttpStatusCode status) => error switch
    {
        "invalid_grant" or "bad_verification_code" => AuthError.InvalidGrant,
        "invalid_client" or "unauthorized_client" or "invalid_request" or "unsupported_grant_type" or "invalid_scope" or "incorrect_client_credentials"
            => AuthError.SignInMisconfigured,
        null when status == System.Net.HttpStatusCode.Unauthorized => AuthError.SignInMisconfigured,
        _ => AuthError.ProviderBadResponse,
    };

    private AuthFlowException BadShape(string providerId)
    {
        AuthLog.TokenResponseMalformed(logger, providerId);
        return new AuthFlowException(AuthError.ProviderBadResponse);
    }

    /// <summary>The answer's JSON, read once for both its error and its tokens; null when it is not JSON or not well formed.</summary>
    private static JsonDocument? ParseJson(ProviderHttpResponse response)
    {
        if (!response.IsJson)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(response.Body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TokenResponse? Parse(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && TryString(root, "access_token", required: true, out var accessToken)
        && TryString(root, "token_type", required: false, out _)
        && TryString(root, "refresh_token", required: false, out var refreshToken)
        && TryString(root, "id_token", required: false, out var idToken)
        && TryString(root, "scope", required: false, out var scope)
        && TryExpiresIn(root, out var expiresIn)
            ? new TokenResponse(accessToken!, expiresIn, refreshToken, idToken, scope)
            : null;

    private static bool TryString(JsonElement root, string name, bool required, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return !required;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return !required || !string.IsNullOrEmpty(value);
    }

    // Some providers send expires_in as a string of digits; anything else that is not a positive number is malformed.
    private static bool TryExpiresIn(JsonElement root, out int? expiresIn)
    {
        expiresIn = null;
        if (!root.TryGetProperty("expires_in", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number) && number >= 0)
        {
            expiresIn = number;
            return true;
        }

        if (element.ValueKind == JsonValueKind.String
            && int.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            expiresIn = number;
            return true;
        }

        return false;
    }

    private static string? ReadErrorCode(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("error", out var error)
        && error.ValueKind == JsonValueKind.String
        && error.GetString() is { Length: <= 64 } code
        && code.All(c => c is '_' or '-' or '.' || char.IsAsciiLetterOrDigit(c))
            ? code
            : null;
}
