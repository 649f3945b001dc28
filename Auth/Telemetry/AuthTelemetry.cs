using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BlazorAuth.Auth.Telemetry;

/// <summary>
/// BlazorAuth's own traces and metrics, both named <see cref="Name"/>. Nothing is recorded unless a listener (an
/// OpenTelemetry SDK, <c>dotnet-counters</c>) subscribes. No tag or span ever carries a code, state, token or cookie:
/// only provider ids, route and operation names and error names.
/// </summary>
public sealed class AuthTelemetry
{
    public const string Name = "BlazorAuth";

    /// <summary>Spans for calls to providers; each route's own span comes from ASP.NET Core.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _signInsStarted;
    private readonly Counter<long> _signInsCompleted;
    private readonly Counter<long> _signInsFailed;
    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _logouts;
    private readonly Histogram<double> _storeDuration;

    public AuthTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _signInsStarted = meter.CreateCounter<long>("blazorauth.sign_in.started", "{sign-in}", "Sign-ins sent to a provider.");
        _signInsCompleted = meter.CreateCounter<long>("blazorauth.sign_in.completed", "{sign-in}", "Sign-ins that started a session.");
        _signInsFailed = meter.CreateCounter<long>("blazorauth.sign_in.failed", "{sign-in}", "Sign-ins that ended in an error, by error.");
        _refreshes = meter.CreateCounter<long>("blazorauth.refresh", "{refresh}", "Session refreshes, by outcome.");
        _logouts = meter.CreateCounter<long>("blazorauth.logout", "{logout}", "Sessions ended by their user.");
        _storeDuration = meter.CreateHistogram<double>("blazorauth.store.duration", "s", "Time per session store operation.");
        ProviderCallDuration = meter.CreateHistogram<double>("blazorauth.provider.duration", "s", "Time per call to a provider's back channel.");
    }

    public Histogram<double> ProviderCallDuration { get; }

    public void SignInStarted(string provider) => _signInsStarted.Add(1, new KeyValuePair<string, object?>("blazorauth.provider", provider));

    public void SignInCompleted(string provider) => _signInsCompleted.Add(1, new KeyValuePair<string, object?>("blazorauth.provider", provider));

    public void SignInFailed(string provider, string error) => _signInsFailed.Add(1,
        new KeyValuePair<string, object?>("blazorauth.provider", provider), new KeyValuePair<string, object?>("error.type", error));

    /// <param name="outcome"><c>renewed</c>, or the error's name.</param>
    public void Refreshed(string provider, string outcome) => _refreshes.Add(1,
        new KeyValuePair<string, object?>("blazorauth.provider", provider), new KeyValuePair<string, object?>("blazorauth.outcome", outcome));

    public void LoggedOut(string provider) => _logouts.Add(1, new KeyValuePair<string, object?>("blazorauth.provider", provider));

    public void StoreOperation(string operation, TimeSpan duration) =>
        _storeDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("blazorauth.store.operation", operation));
}
