using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>
/// Sends one request to a provider through the named, resilient client, and turns every transport failure
/// into an <see cref="AuthFlowException"/>: a timeout is a 504, anything else unreachable a 502.
/// </summary>
public sealed class Backchannel(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "BlazorAuth.Backchannel";

    /// <summary>Larger answers are not read: no provider answer needs this much.</summary>
    public const int MaxResponseBytes = 256 * 1024;

    public async Task<BackchannelResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new BackchannelResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (Exception e) when (e is TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new AuthFlowException(AuthError.ProviderTimeout, inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or BrokenCircuitException)
        {
            throw new AuthFlowException(AuthError.ProviderUnavailable, inner: e);
        }
    }
}

public sealed record BackchannelResponse(HttpStatusCode StatusCode, string? MediaType, byte[] Body)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    public bool IsJson => MediaType is not null
        && (MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
