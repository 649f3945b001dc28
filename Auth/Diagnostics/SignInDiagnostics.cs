using System.Collections.Concurrent;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Telemetry;

namespace BlazorAuth.Auth.Diagnostics;

/// <summary>
/// Each provider's last sign-in outcome, for the providers page: what an integrator looks at first; and when the
/// provider last proved it answers (a sign-in or a refresh that went through).
/// </summary>
public sealed class SignInDiagnostics(TimeProvider time, AuthTelemetry telemetry)
{
    private readonly ConcurrentDictionary<string, SignInOutcome> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _answered = new(StringComparer.Ordinal);

    public SignInOutcome? LastOutcome(string providerId) => _last.GetValueOrDefault(providerId);

    public DateTimeOffset? LastAnswered(string providerId) => _answered.TryGetValue(providerId, out var at) ? at : null;

    public void Succeeded(string providerId)
    {
        _last[providerId] = new SignInOutcome(time.GetUtcNow(), null);
        telemetry.SignInCompleted(providerId);
        Answered(providerId);
    }

    public void Answered(string providerId) => _answered[providerId] = time.GetUtcNow();

    /// <param name="detail">The exact cause, for operators.</param>
    public void Failed(string providerId, AuthError error, string? detail = null)
    {
        _last[providerId] = new SignInOutcome(time.GetUtcNow(), error, detail);
        telemetry.SignInFailed(providerId, error.Name);
    }
}

/// <param name="Error">Null when the sign-in succeeded.</param>
/// <param name="Detail">The exact cause of a failure, where it is known.</param>
public sealed record SignInOutcome(DateTimeOffset At, AuthError? Error, string? Detail = null);
