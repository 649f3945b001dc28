using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>The JSON error answer of /refresh and /logout.</summary>
internal static class ApiErrors
{
    public static IResult Result(AuthError error) =>
        TypedResults.Json(new ErrorResponse(new ErrorMessage(error.Name, error.Message)), AuthJsonContext.Default.ErrorResponse, statusCode: error.StatusCode);

    public static IResult Refuse(ILogger logger, string route, string provider, AuthError error)
    {
        AuthLog.RequestRefused(logger, route, provider, error.Name);
        return Result(error);
    }
}
