using System.Text.Json;
using BlazorAuth.Auth.Authorization;
using BlazorAuth.Auth.Endpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

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
    /// <c>/healthz</c>: the process answers (liveness, no dependency checked). <c>/readyz</c>: 503 when a dependency
    /// fails, within the auth routes' per-address budget (429 past it). Anyone learns only healthy or unhealthy; the
    /// operators (<see cref="OperatorPolicy"/>) also each dependency by name, with descriptions only, never an
    /// exception's text: which providers exist and which are down is for them, not for whoever asks.
    /// </summary>
    public static IEndpointRouteBuilder MapBlazorAuthHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        var readiness = endpoints.CreateApplicationBuilder()
            .Use(AuthRateLimiting.LimitReadinessAsync)
            .UseMiddleware<HealthCheckMiddleware>(Options.Create(new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }))
            .Build();
        endpoints.Map("/readyz", readiness).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head])).WithDisplayName("Readiness");
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        var detailed = (await authorization.AuthorizeAsync(context.User, OperatorPolicy.Name)).Succeeded;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            if (!detailed)
            {
                json.WriteEndObject();
            }
            else
            {
                WriteChecks(json, report);
            }
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    private static void WriteChecks(Utf8JsonWriter json, HealthReport report)
    {
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
}
