namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>A token endpoint's answer, after its shape was checked.</summary>
internal sealed record TokenResponse(string AccessToken, int? ExpiresIn, string? RefreshToken, string? IdToken, string? Scope)
{
    /// <param name="requestedScope">What was asked for; RFC 6749 §5.1 lets the answer omit an unchanged scope.</param>
    /// <param name="previousRefreshToken">Kept when a refresh answer does not rotate the refresh token.</param>
    public ProviderTokens ToProviderTokens(string requestedScope, string? previousRefreshToken = null) => new(
        AccessToken,
        IdToken,
        RefreshToken ?? previousRefreshToken,
        Scope ?? requestedScope,
        ExpiresIn is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
}
