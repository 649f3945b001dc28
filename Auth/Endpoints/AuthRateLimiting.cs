using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using BlazorAuth.Auth.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// A token bucket per client address in front of the auth routes: a burst from one address gets 429 with
/// Retry-After (never 503), and other addresses are not affected. Providers' back-channel logouts, server to
/// server, draw on a budget of their own. The routes apply it themselves, through an endpoint filter, so it works
/// whether or not the host runs ASP.NET Core's rate-limiting middleware, and leaves that middleware's policies and
/// rejection handling to the host.
/// </summary>
internal sealed class AuthRateLimiting : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _routes;
    private readonly PartitionedRateLimiter<HttpContext> _providerLogouts;
    private readonly PartitionedRateLimiter<HttpContext> _readiness;

    public AuthRateLimiting(IOptions<AuthOptions> options)
    {
        var budget = options.Value.RateLimit;
        _routes = PerClient(budget.Burst, budget.PerMinute);
        _providerLogouts = PerClient(budget.ProviderLogoutsPerMinute, budget.ProviderLogoutsPerMinute);
        _readiness = PerClient(budget.Burst, budget.PerMinute);
    }

    /// <summary>The filter of the auth routes.</summary>
    public static ValueTask<object?> LimitRoutesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        LimitAsync(context, next, static limits => limits._routes);

    /// <summary>The filter of the back-channel logout receiver, in place of the routes' budget.</summary>
    public static ValueTask<object?> LimitProviderLogoutsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        LimitAsync(context, next, static limits => limits._providerLogouts);

    /// <summary>
    /// In front of <c>/readyz</c>, which is anonymous and may make the app probe its providers: the routes' budget,
    /// drawn separately, so that a load balancer's checks and its users' sign-ins do not starve each other.
    /// </summary>
    public static async Task LimitReadinessAsync(HttpContext http, RequestDelegate next)
    {
        using var lease = http.RequestServices.GetRequiredService<AuthRateLimiting>()._readiness.AttemptAcquire(http);
        if (lease.IsAcquired)
        {
            await next(http);
            return;
        }

        Refuse(http, lease);
    }

    private static async ValueTask<object?> LimitAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, Func<AuthRateLimiting, PartitionedRateLimiter<HttpContext>> select)
    {
        var http = context.HttpContext;
        using var lease = select(http.RequestServices.GetRequiredService<AuthRateLimiting>()).AttemptAcquire(http);
        if (lease.IsAcquired)
        {
            return await next(context);
        }

        Refuse(http, lease);
        return Results.Empty;
    }

    private static void Refuse(HttpContext http, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    private static PartitionedRateLimiter<HttpContext> PerClient(int burst, int perMinute) =>
        PartitionedRateLimiter.Create<HttpContext, IPAddress>(context =>
        {
            // Partitioned by the connection's address, which only configured forwarded-header handling may change.
            // A connection without one (a Unix socket, an in-process host) has no client to tell apart.
            if (context.Connection.RemoteIpAddress is not { } address)
            {
                return RateLimitPartition.GetNoLimiter(IPAddress.None);
            }

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
        });

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

    public void Dispose()
    {
        _routes.Dispose();
        _providerLogouts.Dispose();
        _readiness.Dispose();
    }
}
