using System.Collections.Concurrent;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Diagnostics;

/// <summary>
/// Whether each provider answers: its metadata loads (OIDC) and its sign-in page responds. Checked only when
/// someone looks, and kept for a minute. Whoever looks, and however many at once, a provider sees at most one probe
/// in flight: the first caller after the minute starts it, callers meanwhile take the last answer (or, before there is
/// one, wait for that same probe), so neither /readyz nor the providers page can be used to hammer a provider.
/// </summary>
internal sealed class ProviderHealth(ProviderHttp http, SignInDiagnostics diagnostics, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, ProviderStatus> _checked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<ProviderStatus>> _probing = new(StringComparer.Ordinal);

    /// <summary>The last answer, without probing: null until a probe or a sign-in has said anything.</summary>
    public ProviderStatus? LastKnown(string providerId)
    {
        _checked.TryGetValue(providerId, out var known);
        return ProvenSince(providerId, known);
    }

    /// <summary>
    /// The provider's last check, if it said "does not answer" within the last minute and nothing has answered since:
    /// a sign-in started now would send the user to a page that does not load.
    /// </summary>
    public ProviderStatus? KnownDown(string providerId) =>
        LastKnown(providerId) is { Answers: false } down && time.GetUtcNow() - down.CheckedAt < KeepFor ? down : null;

    public async Task<ProviderStatus> CheckAsync(IAuthProvider provider, CancellationToken cancellationToken)
    {
        var known = LastKnown(provider.Id);
        if (known is not null && time.GetUtcNow() - known.CheckedAt < KeepFor)
        {
            return known;
        }

        var probe = ProbeOnceAsync(provider);
        return probe.IsCompleted || known is null ? await probe.WaitAsync(cancellationToken) : known;
    }

    /// <summary>A sign-in or refresh that went through since a check said "no" is proof enough that the provider answers.</summary>
    private ProviderStatus? ProvenSince(string providerId, ProviderStatus? known)
    {
        if (known is { Answers: false } && diagnostics.LastAnswered(providerId) is { } answered && answered >= known.CheckedAt)
        {
            known = new ProviderStatus(answered, true, $"It answered a sign-in or refresh at {answered:HH:mm:ss} UTC.");
            _checked[providerId] = known;
        }

        return known;
    }

    /// <summary>The probe in flight for this provider, or a new one; it runs to its end whoever stops waiting for it.</summary>
    private Task<ProviderStatus> ProbeOnceAsync(IAuthProvider provider)
    {
        var started = new TaskCompletionSource<ProviderStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _probing.GetOrAdd(provider.Id, started.Task);
        if (running != started.Task)
        {
            return running;
        }

        // A probe that ended between the caller's look at the last answer and now left a fresh one (it writes the answer
        // before it leaves _probing): that answer is as good as a new probe, and the provider sees no second one.
        if (_checked.TryGetValue(provider.Id, out var fresh) && time.GetUtcNow() - fresh.CheckedAt < KeepFor)
        {
            started.SetResult(fresh);
            _probing.TryRemove(new KeyValuePair<string, Task<ProviderStatus>>(provider.Id, started.Task));
            return started.Task;
        }

        _ = RunAsync();
        return started.Task;

        async Task RunAsync()
        {
            try
            {
                var status = await ProbeAsync(provider);
                _checked[provider.Id] = status;
                started.SetResult(status);
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
            finally
            {
                _probing.TryRemove(new KeyValuePair<string, Task<ProviderStatus>>(provider.Id, started.Task));
            }
        }
    }

    private async Task<ProviderStatus> ProbeAsync(IAuthProvider provider)
    {
        if (provider is ISchemeSignIn scheme)
        {
            return new ProviderStatus(time.GetUtcNow(), true, $"Signs users in through the ASP.NET Core scheme '{scheme.SchemeName}', which checks its provider itself.");
        }

        if (provider is not IAuthorizationCodeSignIn codeFlow)
        {
            return new ProviderStatus(time.GetUtcNow(), true, "Signs users in through the proxy's headers.");
        }

        try
        {
            // No caller's token: the probe is shared, and ProviderHttp's own timeouts bound it.
            var target = await codeFlow.GetAuthorizeTargetAsync(CancellationToken.None);
            using var request = new HttpRequestMessage(HttpMethod.Get, target.AuthorizationEndpoint);
            var response = await http.SendAsync(request, "probe", CancellationToken.None);
            var answered = (int)response.StatusCode < 500;
            return new ProviderStatus(time.GetUtcNow(), answered, $"Its sign-in page answers (HTTP {(int)response.StatusCode} to a bare request).");
        }
        catch (AuthFlowException e)
        {
            return new ProviderStatus(time.GetUtcNow(), false, e.Error.Message);
        }
    }
}

public sealed record ProviderStatus(DateTimeOffset CheckedAt, bool Answers, string Detail);
