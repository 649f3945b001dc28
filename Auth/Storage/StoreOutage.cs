using System.Net.Sockets;
using System.Security.Cryptography;
using BlazorAuth.Auth.Errors;
using Microsoft.AspNetCore.Builder;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Storage;

/// <summary>
/// The store, or the Data Protection key ring kept in it, out of reach. Pages need the key ring too (Blazor seals its
/// component markers and antiforgery tokens with it), so an instance started while Redis is down cannot render one
/// until it is back: <see cref="UseStoreOutageAnswer"/> makes that a 503 with <c>Retry-After</c> and a sentence for
/// people rather than a 500, and leaves every cookie alone.
/// </summary>
public static class StoreOutage
{
    private const string RetryAfterSeconds = "5";

    /// <summary>
    /// Answers a request that failed because the store or the key ring was out of reach with 503, if nothing was sent
    /// yet. Opt-in: put it after the host's exception handler, before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseStoreOutageAnswer(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (Caused(e) && !context.Response.HasStarted)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreOutage));
            AuthLog.PageStoreUnavailable(logger, context.Request.Path.Value ?? "", RootCause(e).Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(AuthError.StoreUnavailable.Message);
        }
    });

    /// <summary>
    /// Data Protection reports a payload it rejects as a bare <see cref="CryptographicException"/>, and wraps what failed
    /// beneath it (the key repository's file, or a storage's own <see cref="AuthStoreUnavailableException"/>) as the
    /// inner exception.
    /// </summary>
    internal static bool IsKeyRingUnavailable(CryptographicException e) =>
        e.InnerException is AuthStoreUnavailableException or IOException or UnauthorizedAccessException or TimeoutException or SocketException;

    private static Exception RootCause(Exception e) => e.InnerException is { } inner ? RootCause(inner) : e;

    private static bool Caused(Exception e) => e switch
    {
        AuthStoreUnavailableException => true,
        CryptographicException crypto when IsKeyRingUnavailable(crypto) => true,
        { InnerException: { } inner } => Caused(inner),
        _ => false,
    };
}
