using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Endpoints;

public static class AuthEndpoints
{

    /// <summary>
    /// Maps the four routes of docs/protocol.md, and the OIDC back- and front-channel logout receivers, for every configured
    /// provider. Each route's handler lives in a class of its own (not static, so that it names its log category).
    /// </summary>
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(AuthOptions.RoutePrefix + "/{provider}").RequireRateLimiting(AuthRateLimiting.PolicyName);
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

        group.MapGet("/start", StartEndpoint.HandleAsync);
        group.MapMethods("/handler/frame", [HttpMethods.Get, HttpMethods.Post], FrameEndpoint.HandleAsync).DisableAntiforgery();
        group.MapMethods("/refresh", [HttpMethods.Get, HttpMethods.Post], RefreshEndpoint.HandleAsync).DisableAntiforgery()
            .AddEndpointFilter(RefreshEndpoint.CountOutcomeAsync);
        group.MapPost("/logout", LogoutEndpoint.HandleAsync).DisableAntiforgery();
        group.MapPost("/backchannel-logout", BackchannelLogoutEndpoint.HandleAsync).DisableAntiforgery()
            .RequireRateLimiting(AuthRateLimiting.ProviderLogoutPolicyName);
        group.MapGet("/frontchannel-logout", FrontchannelLogoutEndpoint.HandleAsync);
        group.MapGet("/signed-out", SignedOutPage.Handle);

        // Logout changes state, so a GET (a link, an image tag) must never reach it. Mapped explicitly because
        // the Razor components' page routes would otherwise answer the GET with their own not-found page.
        group.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Head], static (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        });
        return group;
    }
}
