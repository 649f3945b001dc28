using System.Collections.Concurrent;
using BlazorAuth.Auth.Providers;

namespace BlazorAuth.Auth.Diagnostics;

/// <summary>Each provider's last sign-in outcome, for the providers page: what an integrator looks at first.</summary>
public sealed class SignInDiagnostics(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SignInOutcome> _last = new(StringComparer.Ordinal);

    public SignInOutcome? LastOutcome(string providerId) => _last.GetValueOrDefault(providerId);

    public void Succeeded(string providerId) => _last[providerId] = new SignInOutcome(time.GetUtcNow(), null);

    public void Failed(string providerId, AuthError error) => _last[providerId] = new SignInOutcome(time.GetUtcNow(), error);
}

/// <param name="Error">Null when the sign-in succeeded.</param>
public sealed record SignInOutcome(DateTimeOffset At, AuthError? Error);
