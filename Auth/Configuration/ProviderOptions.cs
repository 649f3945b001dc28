namespace BlazorAuth.Auth.Configuration;

/// <summary>One provider's settings, bound from <c>Auth:Providers:{id}</c>.</summary>
public sealed class ProviderOptions
{
    /// <summary>The provider type (<c>oidc</c>). Required.</summary>
    public string? Type { get; set; }

    /// <summary>The name shown on the sign-in button. Default: the provider id.</summary>
    public string? DisplayName { get; set; }

    /// <summary>
    /// The issuer URL: for <c>oidc</c>, discovery is read from <c>{Authority}/.well-known/openid-configuration</c>;
    /// for <c>oauth2</c> (optional) the issuer an RFC 9207 <c>iss</c> must name; for <c>centralauth</c>, its base URL.
    /// </summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Only users whose email is in one of these domains may sign in (checked again on every refresh). Default: any.</summary>
    public List<string> AllowedEmailDomains { get; set; } = [];

    /// <summary>Space-separated scopes. Default for <c>oidc</c>: <c>openid profile email</c>.</summary>
    public string? Scopes { get; set; }

    /// <summary>
    /// How the client authenticates at the token endpoint: <c>client_secret_basic</c> or <c>client_secret_post</c>.
    /// Default: basic, unless the provider's metadata offers only post.
    /// </summary>
    public string? ClientAuthentication { get; set; }

    /// <summary>
    /// Extra parameters for the authorize request (e.g. <c>prompt</c>, <c>acr_values</c>, <c>login_hint</c>); the
    /// protocol's own parameters cannot be set here. Default: none.
    /// </summary>
    public Dictionary<string, string> AuthorizeParameters { get; set; } = [];

    /// <summary>
    /// <c>oidc</c>: send <c>prompt=consent</c> when the scopes ask for <c>offline_access</c> (and no prompt is configured),
    /// since OIDC Core lets a provider drop <c>offline_access</c>, and so the refresh token, without it. Default: true.
    /// </summary>
    public bool PromptConsentForOfflineAccess { get; set; } = true;

    /// <summary>
    /// What happens to a session the provider gave no refresh token when its access token runs out: false, it ends
    /// and the page says so; true, the page renews it silently through the provider's own session (<c>prompt=none</c>
    /// in a hidden frame; needs a provider whose session cookie reaches a frame), and ends it if that fails. Default: false.
    /// </summary>
    public bool RenewWithoutRefreshToken { get; set; }

    /// <summary>
    /// <c>oidc</c>: whether <c>/auth/{p}/frontchannel-logout</c> answers for this provider. Default: as its metadata
    /// announces (<c>frontchannel_logout_supported</c>).
    /// </summary>
    public bool? FrontchannelLogout { get; set; }

    /// <summary><c>oauth2</c>: where the popup signs in. Required for that type.</summary>
    public string? AuthorizationEndpoint { get; set; }

    /// <summary><c>oauth2</c>: where the code is exchanged. Required for that type.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary><c>oauth2</c>: the JSON user endpoint read with the access token. Required for that type.</summary>
    public string? UserInfoEndpoint { get; set; }

    /// <summary>
    /// <c>oauth2</c>: an endpoint listing the user's addresses as a JSON array of <c>{email, verified, primary}</c>
    /// (GitHub's <c>/user/emails</c>); the user's email is then their primary verified one. Default: none.
    /// </summary>
    public string? VerifiedEmailsEndpoint { get; set; }

    /// <summary><c>oauth2</c>: an RFC 7009 revocation endpoint to call on logout. Default: none.</summary>
    public string? RevocationEndpoint { get; set; }

    /// <summary><c>oauth2</c>: whether the provider takes PKCE. Default: true.</summary>
    public bool UsePkce { get; set; } = true;

    /// <summary><c>oauth2</c>: which userinfo members hold the user's id, email, name and picture.</summary>
    public ClaimMappingOptions ClaimMapping { get; set; } = new();

    /// <summary>
    /// <c>centralauth</c>: take the user from the decrypted id_token instead of asking userinfo (faster, but
    /// blind to a session ended since). Default: false.
    /// </summary>
    public bool UserFromIdToken { get; set; }

    /// <summary>
    /// <c>centralauth</c>: the other origins this app runs on, sharing its Data Protection key ring. CentralAuth's
    /// autologin sends the browser through their callbacks with the same state; only those hops skip the binding
    /// cookie. Default: none (autologin off).
    /// </summary>
    public List<string> AutologinOrigins { get; set; } = [];

    /// <summary>Presets: the Microsoft Entra ID tenant (id or domain). Required for <c>entra</c>.</summary>
    public string? Tenant { get; set; }

    /// <summary>Presets: the provider's domain (<c>okta</c>, <c>auth0</c>; a self-managed <c>gitlab</c>).</summary>
    public string? Domain { get; set; }

    /// <summary><c>aspnet</c>: the name of the ASP.NET Core authentication scheme the host registered. Required for that type.</summary>
    public string? Scheme { get; set; }

    /// <summary><c>proxy</c>: the addresses (or CIDR ranges) of the proxies whose headers are believed. Required for that type.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary><c>proxy</c>: the header naming the user's stable id. Default: <c>X-Forwarded-User</c>.</summary>
    public string UserIdHeader { get; set; } = "X-Forwarded-User";

    /// <summary><c>proxy</c>: the header with the user's email. Default: <c>X-Forwarded-Email</c>.</summary>
    public string EmailHeader { get; set; } = "X-Forwarded-Email";

    /// <summary><c>proxy</c>: the header with the user's display name. Default: <c>X-Forwarded-Preferred-Username</c>.</summary>
    public string NameHeader { get; set; } = "X-Forwarded-Preferred-Username";
}
