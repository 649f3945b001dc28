using BlazorAuth.Auth.Tokens;
using BlazorAuth.DemoIdentityProvider;
using Microsoft.Extensions.Options;

namespace BlazorAuth.App;

/// <summary>
/// The app calling an API as the signed-in user, with the access token the session keeps on the server: here the demo
/// provider's userinfo endpoint, an API that checks the token it is sent. The browser never sees the token.
/// </summary>
internal static class DemoApiExample
{
    public const string ClientName = "demo-api";
    public const string Route = "/api/demo-profile";

    public static IServiceCollection AddDemoApiClient(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, (sp, client) => client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<DemoIdentityProviderOptions>>().Value.Url))
            .AddUserAccessToken();
        return services;
    }

    /// <summary>What the API answers for the signed-in user, as JSON; its status code when it refuses.</summary>
    public static async Task<(int Status, string Body)> CallAsync(IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        using var response = await clients.CreateClient(ClientName).GetAsync("connect/userinfo", cancellationToken);
        return ((int)response.StatusCode, response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken) : "");
    }

    /// <summary>The same call from a minimal API endpoint behind the session cookie.</summary>
    public static IEndpointRouteBuilder MapDemoApiExample(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
            await CallAsync(clients, cancellationToken) is (200, var body)
                ? Results.Content(body, "application/json")
                : Results.Problem("The API refused the call.", statusCode: StatusCodes.Status502BadGateway))
            .RequireAuthorization();
        return endpoints;
    }
}
