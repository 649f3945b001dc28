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
/// Retry-After (never 503), and other addresses are not affected. Providers' back-channel logouts, server to
/// server, draw on a budget of their own.
/// </summary>
public static class AuthRateLimiting
{
    public const string PolicyName = "BlazorAuth.Routes";
    public const string ProviderLogoutPolicyName = "BlazorAuth.ProviderLogouts";

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
            limiter.AddPolicy<IPAddress>(PolicyName, context => PerClient(context, budget => (budget.Burst, budget.PerMinute)));
            limiter.AddPolicy<IPAddress>(ProviderLogoutPolicyName, context =>
                PerClient(context, budget => (budget.ProviderLogoutsPerMinute, budget.ProviderLogoutsPerMinute)));
        });

    private static RateLimitPartition<IPAddress> PerClient(HttpContext context, Func<RateLimitOptions, (int Burst, int PerMinute)> select)
    {
        // Partitioned by the connection's address, which only configured forwarded-header handling may change.
        // A connection without one (a Unix socket, an in-process host) has no client to tell apart.
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return RateLimitPartition.GetNoLimiter(IPAddress.None);
        }

        var (burst, perMinute) = select(context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RateLimit);
        return RateLimitPartition.GetTokenBucketLimiter(
            ClientOf(address),
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = Math.Max(1, perMinute / 6),
                ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }

    /// <summary>
    /// One client per IPv4 address, and per IPv6 /64: a single subscriber is usually handed a whole /64, and would
    /// otherwise have more addresses than the limiter has memory.
    /// </summary>
    public static IPAddress ClientOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
