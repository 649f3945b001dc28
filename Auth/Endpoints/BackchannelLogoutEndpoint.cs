using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// <c>POST /auth/{p}/backchannel-logout</c> (OIDC Back-Channel Logout 1.0): the provider ends a user's session
/// server to server; the matching sessions end in the registry, so every circuit of theirs signs out at its
/// next check. 200 when acted on, 400 for anything else (§2.8).
/// </summary>
internal sealed class BackchannelLogoutEndpoint
{
    private const int MaxFormBytes = 16 * 1024;

    public static async Task<IResult> HandleAsync(
        string provider,
        HttpContext context,
        AuthProviderRegistry registry,
        SessionRegistry sessions,
        ILogger<BackchannelLogoutEndpoint> logger)
    {
        if (!registry.TryGet(provider, out var authProvider))
        {
            return ApiErrors.Result(AuthError.UnknownProvider);
        }

        var token = await ReadLogoutTokenAsync(context.Request);
        ProviderLogout? logout;
        try
        {
            logout = token is null || authProvider is not IProviderLogoutSource source ? null : await source.ReadBackchannelLogoutAsync(token, context.RequestAborted);
        }
        catch (AuthFlowException e)
        {
            AuthLog.RequestRefused(logger, "backchannel-logout", provider, e.Error.Name);
            return ApiErrors.Result(AuthError.InvalidRequest);
        }

        if (logout is null)
        {
            return ApiErrors.Refuse(logger, "backchannel-logout", provider, AuthError.InvalidRequest);
        }

        await ProviderLogouts.EndAsync(sessions, logout, provider, logger, context.RequestAborted);
        return Results.Ok();
    }

    private static async Task<string?> ReadLogoutTokenAsync(HttpRequest request) =>
        await BoundedForm.ReadAsync(request, MaxFormBytes) is { } form && form["logout_token"] is { Count: 1 } values ? values[0] : null;
}
