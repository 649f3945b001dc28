using BlazorAuth.Auth.Errors;

namespace BlazorAuth.Auth.Providers;

/// <summary>A provider that renews a session (<c>/refresh</c>).</summary>
public interface ISessionRenewal : IAuthProvider
{
    /// <summary>Renews the session's tokens; throws <see cref="AuthFlowException"/> when the session is over.</summary>
    Task<ProviderSignIn> RefreshAsync(ProviderGrant grant, CancellationToken cancellationToken);
}
