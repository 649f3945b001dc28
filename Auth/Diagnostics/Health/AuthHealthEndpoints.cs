using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorAuth.Auth.Diagnostics.Health;

public static class AuthHealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>The session store and the providers as readiness checks, tagged <see cref="ReadyTag"/>.</summary>
    public static IHealthChecksBuilder AddBlazorAuthHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<AuthStoreHealthCheck>("session-store", tags: [ReadyTag])
            .AddCheck<ProvidersHealthCheck>("providers", tags: [ReadyTag]);

    /// <summary>
    /// <c>/healthz</c>: the process answers (liveness, no dependency checked). <c>/readyz</c>: each dependency, by name,
    /// 503 when one fails; descriptions only, never an exception's text.
    /// </summary>
    public static IEndpointRouteBuilder MapBlazorAuthHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                foreach (var (key, value) in entry.Data)
                {
                    json.WriteString(key, value.ToString());
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }
}
