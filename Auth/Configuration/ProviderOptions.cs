namespace BlazorAuth.Auth.Configuration;

/// <summary>
/// What every provider has, bound from <c>Auth:Providers:{id}</c>. The rest of that section belongs to the provider's
/// type, which binds it into options of its own (<c>OidcProviderOptions</c>, <c>OAuth2ProviderOptions</c>, …); a
/// provider configured in code is given as an instance of its type's options.
/// </summary>
public class ProviderOptions
{
    /// <summary>The provider type (<c>oidc</c>, <c>oauth2</c>, <c>centralauth</c>, <c>proxy</c>, <c>aspnet</c>, <c>aspnet-oidc</c>, a preset). Required.</summary>
    public string? Type { get; set; }

    /// <summary>The name shown on the sign-in button. Default: the provider id.</summary>
    public string? DisplayName { get; set; }

    /// <summary>
    /// The provider's logo beside its name on sign-in buttons: an http(s) URL, or a path on this app such as
    /// <c>/img/acme.svg</c>. Default: none, and buttons show the name's first letter instead.
    /// </summary>
    public string? LogoUrl { get; set; }

    /// <summary>Only users whose email is in one of these domains may sign in (checked again on every refresh). Default: any.</summary>
    public List<string> AllowedEmailDomains { get; set; } = [];

    /// <summary>
    /// What happens to a session the provider gave no refresh token when its access token runs out: false, it ends
    /// and the page says so; true, the page renews it silently through the provider's own session (<c>prompt=none</c>
    /// in a hidden frame; needs a provider whose session cookie reaches a frame), and ends it if that fails. Default: false.
    /// </summary>
    public bool RenewWithoutRefreshToken { get; set; }

    /// <summary>Where the provider's own pages live (its issuer or base URL), where its type has one: what a page may frame for a silent renewal.</summary>
    public virtual string? PagesOrigin => null;
}
