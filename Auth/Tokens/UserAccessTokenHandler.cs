using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Auth.Tokens;

/// <summary>
/// Sends the signed-in user's access token as <c>Authorization: Bearer</c>. <see cref="IHttpClientFactory"/> builds its
/// handlers in a scope of their own, so the user is found through the circuit or request the call is made from.
/// Without a signed-in user the request goes out without the header, and the API answers it as it answers anyone.
/// </summary>
internal sealed class UserAccessTokenHandler(IHttpContextAccessor request) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var services = CircuitServices.Current ?? request.HttpContext?.RequestServices;
        if (services?.GetService<UserAccessTokens>() is { } tokens && await tokens.GetAccessTokenAsync(cancellationToken) is { Length: > 0 } token)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(message, cancellationToken);
    }
}
