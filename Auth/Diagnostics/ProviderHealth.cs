using System.Collections.Concurrent;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Diagnostics;

/// <summary>
/// Whether each provider answers: its metadata loads (OIDC) and its sign-in page responds. Checked only when
/// someone looks, and kept for a minute so the providers page cannot be used to hammer a provider.
/// </summary>
internal sealed class ProviderHealth(ProviderHttp http, SignInDiagnostics diagnostics, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, ProviderStatus> _checked = new(StringComparer.Ordinal);

    public async Task<ProviderStatus> CheckAsync(IAuthProvider provider, CancellationToken cancellationToken)
    {
        _checked.TryGetValue(provider.Id, out var known);

        // A sign-in or refresh that went through since a check said "no" is proof enough that the provider answers.
        if (diagnostics.LastAnswered(provider.Id) is { } answered && known is { Answers: false } && answered >= known.CheckedAt)
        {
            known = new ProviderStatus(answered, true, $"It answered a sign-in or refresh at {answered:HH:mm:ss} UTC.");
            _checked[provider.Id] = known;
        }

        if (known is not null && time.GetUtcNow() - known.CheckedAt < KeepFor)
        {
            return known;
        }

        var status = await ProbeAsync(provider, cancellationToken);
        _checked[provider.Id] = status;
        return status;
    }

    private async Task<ProviderStatus> ProbeAsync(IAuthProvider provider, CancellationToken cancellationToken)
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
            var target = await codeFlow.GetAuthorizeTargetAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, target.AuthorizationEndpoint);
            var response = await http.SendAsync(request, "probe", cancellationToken);
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
