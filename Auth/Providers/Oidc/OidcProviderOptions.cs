using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>An <c>oidc</c> provider's settings, bound from <c>Auth:Providers:{id}</c>.</summary>
public sealed class OidcProviderOptions : ClientProviderOptions
{
    /// <summary>
    /// Send <c>prompt=consent</c> when the scopes ask for <c>offline_access</c> (and no prompt is configured), since OIDC
    /// Core lets a provider drop <c>offline_access</c>, and so the refresh token, without it. Default: true.
    /// </summary>
    public bool PromptConsentForOfflineAccess { get; set; } = true;

    /// <summary>
    /// Whether <c>{RoutePrefix}/{p}/frontchannel-logout</c> answers for this provider. Default: as its metadata announces
    /// (<c>frontchannel_logout_supported</c>).
    /// </summary>
    public bool? FrontchannelLogout { get; set; }
}
