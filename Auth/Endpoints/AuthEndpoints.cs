using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

public static class AuthEndpoints
{

    /// <summary>
    /// Maps the four routes of docs/protocol.md, and the OIDC back- and front-channel logout receivers, for every configured
    /// provider. Each route's handler lives in a class of its own (not static, so that it names its log category).
    /// </summary>
    public static RouteGroupBuilder MapBlazorAuth(this IEndpointRouteBuilder endpoints)
    {
        var prefix = endpoints.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.RoutePrefix;
        var group = endpoints.MapGroup(prefix + "/{provider}");
        group.AddEndpointFilter(static async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            try
            {
                return await next(context);
            }
            catch (AuthStoreUnavailableException e)
            {
                // Nothing is known to be wrong with the caller's session: its cookie stays, and the app tries again later.
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthEndpoints));
                AuthLog.StoreUnavailable(logger, context.HttpContext.Request.Path.Value ?? "", context.HttpContext.GetRouteValue("provider") as string ?? "", e.InnerException?.Message ?? e.Message);
                return ApiErrors.Result(AuthError.StoreUnavailable);
            }
        });

        group.MapGet("/start", StartEndpoint.HandleAsync).AddEndpointFilter(AuthRateLimiting.LimitRoutesAsync);
        group.MapMethods("/handler/frame", [HttpMethods.Get, HttpMethods.Post], FrameEndpoint.HandleAsync).DisableAntiforgery()
            .AddEndpointFilter(AuthRateLimiting.LimitRoutesAsync);
        group.MapMethods("/refresh", [HttpMethods.Get, HttpMethods.Post], RefreshEndpoint.HandleAsync).DisableAntiforgery()
            .AddEndpointFilter(AuthRateLimiting.LimitRoutesAsync)
            .AddEndpointFilter(RefreshEndpoint.CountOutcomeAsync);
        group.MapPost("/logout", LogoutEndpoint.HandleAsync).DisableAntiforgery().AddEndpointFilter(AuthRateLimiting.LimitRoutesAsync);
        group.MapPost("/backchannel-logout", BackchannelLogoutEndpoint.HandleAsync).DisableAntiforgery()
            .AddEndpointFilter(AuthRateLimiting.LimitProviderLogoutsAsync);
        group.MapGet("/frontchannel-logout", FrontchannelLogoutEndpoint.HandleAsync).AddEndpointFilter(AuthRateLimiting.LimitRoutesAsync);
        group.MapGet("/signed-out", SignedOutPage.Handle).AddEndpointFilter(AuthRateLimiting.LimitRoutesAsync);

        // Logout changes state, so a GET (a link, an image tag) must never reach it. Mapped explicitly because
        // the Razor components' page routes would otherwise answer the GET with their own not-found page.
        group.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Head], static (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).AddEndpointFilter(AuthRateLimiting.LimitRoutesAsync);
        return group;
    }
}
