using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// An <c>aspnet-oidc</c> provider's settings: the client's, and the framework handler's options an operator may need
/// to meet a provider where it is, none of them secret. Anything beyond these is host code
/// (<c>AddOpenIdConnect</c> and the <c>aspnet</c> type).
/// </summary>
public sealed class AspNetOidcProviderOptions : ClientProviderOptions
{
    /// <summary>
    /// How the provider returns the authorization response: <c>form_post</c> (the handler's default) or <c>query</c>,
    /// for a provider whose form_post answer is broken (one that encodes <c>iss</c> twice there, for one).
    /// </summary>
    public string? ResponseMode { get; set; }

    /// <summary>Whether to send a PKCE challenge. Default: true; turn off only for a provider that refuses one.</summary>
    public bool UsePkce { get; set; } = true;

    /// <summary>Whether to ask the userinfo endpoint for claims the id_token lacks. Default: true.</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; } = true;

    /// <summary>
    /// Pushed authorization requests (RFC 9126): <c>UseIfAvailable</c> (the handler's default), <c>Disable</c> or
    /// <c>Require</c>.
    /// </summary>
    public string? PushedAuthorization { get; set; }

    /// <summary>The discovery document's URL, where it is not <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }
}
