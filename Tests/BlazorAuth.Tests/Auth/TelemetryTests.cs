using System.Diagnostics;
using System.Net;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BlazorAuth.Tests.Auth;

/// <summary>The app's traces and metrics, as the OTLP exporter would get them, seen through an in-memory exporter.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_refresh_of_a_provider_that_is_not_configured_is_counted_as_unknown_not_by_its_url()
    {
        await using var provider = new FakeOidcProvider();
        await provider.StartAsync();
        await using var app = new FakeProviderAppFactory(provider);

        // Only this app's meter: tests running beside this one count refreshes of their own.
        var meters = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var tagged = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "blazorauth.refresh")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "blazorauth.provider")
                {
                    tagged.Enqueue(tag.Value as string ?? "(none)");
                }
            }
        });
        listener.Start();
        var client = app.CreateAppClient();

        await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        foreach (var made in new[] { "made-up-1", "x%20y", "FAKE" })
        {
            await client.AppCallAsync(HttpMethod.Post, $"/auth/{made}/refresh");
        }

        Assert.Equal(["fake", "unknown", "unknown", "unknown"], tagged.ToArray());
    }

    [Fact]
    public async Task One_sign_in_refresh_and_logout_show_as_spans_and_counters_and_no_attribute_carries_a_secret()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var provider = new FakeOidcProvider();
        await provider.StartAsync();
        await using var app = new FakeProviderAppFactory(provider, builder =>
        {
            // Set as in production: the app registers OpenTelemetry only when an OTLP endpoint is configured.
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
            builder.ConfigureTestServices(services => services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        });

        var signedIn = await FakeSignIn.SignInAsync(app, provider);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        // Every cookie but the one that remembers which provider this browser used: it holds the provider's id, which routes name too.
        var secretCookies = signedIn.Client.Jar.Cookies.Where(c => c.Key != LastProviderCookie.Name).Select(c => c.Value).ToList();
        var cookies = string.Join(" ", secretCookies);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/logout")).StatusCode);

        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Activity[] seen;
        lock (spans)
        {
            seen = [.. spans];
        }

        var routes = seen.Select(s => s.GetTagItem("http.route") as string).ToHashSet();
        Assert.Superset(
            new HashSet<string?> { "/auth/{provider}/start", "/auth/{provider}/handler/frame", "/auth/{provider}/refresh", "/auth/{provider}/logout" }, routes);
        Assert.Contains(seen, s => s.DisplayName == "provider token" && s.Source.Name == "BlazorAuth" && s.Kind == ActivityKind.Client);

        long Sum(string name) => metrics.Where(m => m.Name == name).Sum(m =>
        {
            long sum = 0;
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                sum += point.GetSumLong();
            }

            return sum;
        });
        Assert.True(Sum("blazorauth.sign_in.started") >= 1);
        Assert.True(Sum("blazorauth.sign_in.completed") >= 1);
        Assert.True(Sum("blazorauth.refresh") >= 1);
        Assert.True(Sum("blazorauth.logout") >= 1);
        Assert.Contains(metrics, m => m.Name == "blazorauth.store.duration");
        Assert.Contains(metrics, m => m.Name == "blazorauth.provider.duration");

        // Every attribute of every span, as text: none may carry the state, the code, the ticket, a cookie or a token.
        var attributes = seen.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}")).ToList();
        Assert.NotEmpty(attributes);
        Assert.Empty(LeakedSecrets.Find(attributes, [signedIn.State, signedIn.Ticket, "code-1", .. secretCookies]));
        Assert.DoesNotContain(attributes, a => a.Contains(signedIn.State, StringComparison.Ordinal) || a.Contains("code-1", StringComparison.Ordinal)
            || cookies.Split(' ').Any(c => c.Length > 0 && a.Contains(c, StringComparison.Ordinal)));
    }
}
