using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// <c>GET /auth/{p}/frontchannel-logout?iss=…&amp;sid=…</c> (OIDC Front-Channel Logout 1.0): the provider's
/// sign-out page loads this in an iframe. The iframe is third-party, so the browser sends no session cookie; the
/// request names the provider's session, and only a matching issuer and sid end anything. The answer is the
/// same whether or not a session matched, so it tells a caller nothing about which sessions exist. Anyone can
/// send it, so it stores nothing for a sid no session holds and logs below Information.
/// </summary>
internal sealed class FrontchannelLogoutEndpoint
{
    private const int MaxParameterLength = 1024;

    public static async Task<IResult> HandleAsync(
        string provider,
        HttpContext context,
        AuthProviderRegistry registry,
        SessionRegistry sessions,
        ILogger<FrontchannelLogoutEndpoint> logger)
    {
        if (!registry.TryGet(provider, out var authProvider))
        {
            return ApiErrors.Result(AuthError.UnknownProvider);
        }

        string? issuer;
        try
        {
            issuer = authProvider is IProviderLogoutSource source ? await source.GetFrontchannelLogoutIssuerAsync(context.RequestAborted) : null;
        }
        catch (AuthFlowException e)
        {
            AuthLog.FrontchannelLogoutRefused(logger, provider, e.Error.Name);
            return ApiErrors.Result(e.Error);
        }

        // A provider that does not do front-channel logout has no such route.
        if (issuer is null)
        {
            return Results.NotFound();
        }

        var query = context.Request.Query;
        if (query["iss"] is not [{ Length: > 0 and <= MaxParameterLength } named]
            || query["sid"] is not [{ Length: > 0 and <= MaxParameterLength } sid]
            || !string.Equals(issuer, named, StringComparison.Ordinal))
        {
            AuthLog.FrontchannelLogoutRefused(logger, provider, AuthError.InvalidRequest.Name);
            return ApiErrors.Result(AuthError.InvalidRequest);
        }

        if (await sessions.EndByProviderSessionAsync(issuer, sid, context.RequestAborted))
        {
            AuthLog.FrontchannelLogoutEnded(logger, provider);
        }

        var headers = context.Response.Headers;
        headers.Pragma = "no-cache";
        headers.ContentSecurityPolicy = $"default-src 'none'; frame-ancestors {FrameAncestor(issuer)}";
        return Results.Content("<!DOCTYPE html><title>Signed out</title>", "text/html; charset=utf-8");
    }

    /// <summary>Only the provider's own pages may frame this answer.</summary>
    private static string FrameAncestor(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority)
            : "'none'";
}
