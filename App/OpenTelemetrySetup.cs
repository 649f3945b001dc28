using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BlazorAuth.App;

public static class OpenTelemetrySetup
{
    /// <summary>
    /// Exports BlazorAuth's and ASP.NET Core's traces and metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set, honouring the other standard <c>OTEL_*</c> variables; buffers are flushed when the app stops. Unset,
    /// nothing is registered, so nothing listens and nothing is recorded.
    /// </summary>
    public static IHostApplicationBuilder AddOpenTelemetryWhenConfigured(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(resource => resource.AddService("BlazorAuth"));
        }

        telemetry
            .WithTracing(tracing => tracing.AddSource(AuthTelemetry.Name).AddAspNetCoreInstrumentation(aspNetCore =>
                // A callback's query is a code and a state. The instrumentation masks query values, unless an
                // environment variable turns that off; dropped here, no setting can bring them into a trace.
                aspNetCore.EnrichWithHttpRequest = (span, _) => span.SetTag("url.query", null)))
            .WithMetrics(metrics => metrics.AddMeter(AuthTelemetry.Name).AddAspNetCoreInstrumentation())
            .UseOtlpExporter();
        return builder;
    }
}
