using System.Diagnostics;
using System.Globalization;
using System.Net;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Telemetry;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>
/// Sends one request to a provider through the named, resilient client, and turns every transport failure
/// into an <see cref="AuthFlowException"/>: a timeout is a 504, anything else unreachable a 502.
/// </summary>
internal sealed class ProviderHttp(IHttpClientFactory httpClientFactory, AuthTelemetry telemetry, TimeProvider time)
{
    public const string HttpClientName = "BlazorAuth.Providers";

    /// <summary>Larger answers are not read: no provider answer needs this much.</summary>
    public const int MaxResponseBytes = 256 * 1024;

    /// <param name="operation">What the call is for (<c>token</c>, <c>userinfo</c>, <c>metadata</c>…): the span's name and a tag.</param>
    public async Task<ProviderHttpResponse> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        // The span names the provider's host and the path only: a query or body may carry a code or a token.
        using var span = AuthTelemetry.Source.StartActivity("provider " + operation, ActivityKind.Client);
        span?.SetTag("server.address", request.RequestUri?.Host);
        span?.SetTag("url.path", request.RequestUri?.AbsolutePath);
        span?.SetTag("http.request.method", request.Method.Method);
        var started = time.GetTimestamp();
        var outcome = "error";
        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            span?.SetTag("http.response.status_code", (int)response.StatusCode);
            return new ProviderHttpResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (Exception e) when (e is TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            outcome = AuthError.ProviderTimeout.Name;
            span?.SetStatus(ActivityStatusCode.Error, outcome);
            throw new AuthFlowException(AuthError.ProviderTimeout, inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or BrokenCircuitException)
        {
            outcome = AuthError.ProviderUnavailable.Name;
            span?.SetStatus(ActivityStatusCode.Error, outcome);
            throw new AuthFlowException(AuthError.ProviderUnavailable, inner: e);
        }
        finally
        {
            telemetry.ProviderCallDuration.Record(time.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("blazorauth.provider.operation", operation),
                new KeyValuePair<string, object?>("server.address", request.RequestUri?.Host),
                new KeyValuePair<string, object?>("blazorauth.outcome", outcome));
        }
    }
}

internal sealed record ProviderHttpResponse(HttpStatusCode StatusCode, string? MediaType, byte[] Body)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    public bool IsJson => MediaType is not null
        && (MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
