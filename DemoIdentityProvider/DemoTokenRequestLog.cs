using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>
/// A line at Debug for every token request the demo provider answers, with its status and time: how often the app comes
/// back to its provider (a renewal, a reload), seen from the provider's side, so that the app need log nothing per call
/// to be counted (bench/run.sh counts renewals this way). Nothing of the request is quoted: its form carries codes and
/// refresh tokens.
/// </summary>
internal static partial class DemoTokenRequestLog
{
    public const string Category = "BlazorAuth.DemoIdentityProvider.TokenRequests";

    public static IApplicationBuilder UseDemoTokenRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            if (!logger.IsEnabled(LogLevel.Debug) || context.Request.Path != "/connect/token")
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            await next(context);
            Answered(logger, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
    }

    [LoggerMessage(1203, LogLevel.Debug, "Demo identity provider answered a token request with {Status} in {Milliseconds:F1} ms")]
    private static partial void Answered(ILogger logger, int status, double milliseconds);
}
