using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using BlazorAuth.Auth.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// A token bucket per client address in front of the auth routes: a burst from one address gets 429 with
/// Retry-After (never 503), and other addresses are not affected.
/// </summary>
public static class AuthRateLimiting
{
    public const string PolicyName = "BlazorAuth.Routes";

    public static IServiceCollection AddAuthRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy<IPAddress>(PolicyName, context =>
            {
                // Partitioned by the connection's address, which only configured forwarded-header handling may change.
                // A connection without one (a Unix socket, an in-process host) has no client to tell apart.
                if (context.Connection.RemoteIpAddress is not { } address)
                {
                    return RateLimitPartition.GetNoLimiter(IPAddress.None);
                }

                var budget = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RateLimit;
                return RateLimitPartition.GetTokenBucketLimiter(
                    address,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = budget.Burst,
                        TokensPerPeriod = Math.Max(1, budget.PerMinute / 6),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
        });
}
