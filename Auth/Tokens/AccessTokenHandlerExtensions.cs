using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Auth.Tokens;

public static class AccessTokenHandlerExtensions
{
    /// <summary>
    /// Has the client send the signed-in user's access token (<see cref="UserAccessTokens"/>) with each request, from
    /// components and from endpoints behind the session cookie alike. Use it only for clients of APIs that trust the
    /// provider: the token lets its bearer act as the user there.
    /// </summary>
    public static IHttpClientBuilder AddUserAccessToken(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler<UserAccessTokenHandler>();
}
