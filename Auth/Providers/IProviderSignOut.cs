namespace BlazorAuth.Auth.Providers;

/// <summary>A provider with something to revoke, or a session of its own to end, when the user signs out.</summary>
public interface IProviderSignOut : IAuthProvider
{
    /// <summary>
    /// Revokes what can be revoked; answers the provider's end-session URL where it has a safe one, for the browser to
    /// visit so the provider's own session ends too.
    /// </summary>
    /// <param name="grant">What the session being ended holds of the provider.</param>
    /// <param name="idTokenHint">The id_token the session was opened with, if any, for the provider to know whose sign-out it is.</param>
    /// <param name="cancellationToken">The request's.</param>
    Task<Uri?> SignOutAsync(ProviderGrant grant, string? idTokenHint, CancellationToken cancellationToken);
}
