using System.Net.Http.Headers;
using System.Text.Json;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.OAuth2;

/// <summary>
/// Reads a provider's list of the user's addresses (GitHub's <c>/user/emails</c>): a JSON array of
/// <c>{email, verified, primary}</c>, from which only a verified address is taken.
/// </summary>
internal static class VerifiedEmails
{
    private const int MaxEmailLength = 320;

    /// <summary>The primary verified address, else the first verified one, else null.</summary>
    public static async Task<string?> PrimaryAsync(ProviderHttp http, Uri endpoint, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.ParseAdd("application/json");
        var response = await http.SendAsync(request, "emails", cancellationToken);
        if (!response.IsSuccess || !response.IsJson)
        {
            throw new AuthFlowException(AuthError.ProviderBadResponse);
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new AuthFlowException(AuthError.ProviderBadResponse);
            }

            string? firstVerified = null;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("email", out var email) || email.ValueKind != JsonValueKind.String
                    || email.GetString() is not { Length: > 0 and <= MaxEmailLength } address
                    || !entry.TryGetProperty("verified", out var verified) || verified.ValueKind != JsonValueKind.True)
                {
                    continue;
                }

                if (entry.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.True)
                {
                    return address;
                }

                firstVerified ??= address;
            }

            return firstVerified;
        }
        catch (JsonException e)
        {
            throw new AuthFlowException(AuthError.ProviderBadResponse, inner: e);
        }
    }
}
