namespace BlazorAuth.Auth.Configuration;

/// <summary>Settings of the sign-in routes, bound from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Where the routes live: <c>{RoutePrefix}/{provider}/…</c>. Default: <c>/auth</c>.</summary>
    public string RoutePrefix { get; set; } = "/auth";

    /// <summary>
    /// Where a signed-out visit to a protected page is sent, with <c>?returnUrl=</c> the page: a page of the app that
    /// offers sign-in (and renders <c>SignInBridge</c>, which returns the user there once signed in). Default: <c>/</c>.
    /// </summary>
    public string SignInPath { get; set; } = "/";

    /// <summary>The claim <c>User.Identity.Name</c> reads. Default: <c>name</c> (the display name the provider gave).</summary>
    public string NameClaimType { get; set; } = "name";

    /// <summary>
    /// The claim <c>IsInRole</c>, <c>[Authorize(Roles = …)]</c> and <c>AuthorizeView Roles</c> read. Default: <c>role</c>.
    /// A provider's claims of type <see cref="System.Security.Claims.ClaimTypes.Role"/> (what a handler that maps
    /// inbound claims produces) count as roles too.
    /// </summary>
    public string RoleClaimType { get; set; } = "role";

    /// <summary>
    /// How many characters of the provider's claims (types and values) a session keeps, beyond the fields that name the
    /// user; claims past it are dropped, each logged by type. Default: 8192, for group-heavy tokens.
    /// </summary>
    public int MaxClaimCharacters { get; set; } = 8192;

    /// <summary>
    /// The app's public origin (<c>scheme://host[:port]</c>), from which every <c>redirect_uri</c> is built.
    /// Default: the first URL the server is configured to listen on.
    /// </summary>
    public string? PublicOrigin { get; set; }

    /// <summary>Other origins that may open the popup through <c>/start?origin=</c>. Default: none.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>The configured providers by id (<c>[a-z0-9-]+</c>). Default: the demo provider when none is configured.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; set; } = [];

    /// <summary>How long a sign-in transaction (popup open at the provider) stays valid. Default: 10 minutes.</summary>
    public TimeSpan TransactionLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a signed-in session lasts at most, whatever the provider says. Default: 14 days.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a session may go unrenewed before it ends. Default: 1 day.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Who may see the operators' pages (<c>/providers</c>) outside Development: entries <c>{provider}:{subject}</c>, or an
    /// email address the provider verified. Default: nobody.
    /// </summary>
    public List<string> Operators { get; set; } = [];

    /// <summary>Whether anyone may see the operators' pages when the environment is Development. Default: true.</summary>
    public bool OpenOperatorPagesInDevelopment { get; set; } = true;

    /// <summary>How many sessions one user may have at once; signing in once more ends their oldest. Default: 50.</summary>
    public int MaxSessionsPerUser { get; set; } = 50;

    /// <summary>How often a signed-in circuit checks that its session is still live. Default: 30 seconds.</summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a call to a provider's back channel may take before it counts as timed out. Default: 10 seconds.</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the browser waits for the popup before giving up. Default: 5 minutes.</summary>
    public TimeSpan PopupTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The reverse proxies (addresses or CIDR ranges) whose <c>X-Forwarded-For</c>/<c>-Proto</c> the app believes.
    /// Default: none, so forwarded headers are ignored from everyone.
    /// </summary>
    public List<string> TrustedForwarders { get; set; } = [];

    /// <summary>
    /// Whether the popup's message and <c>/refresh</c> carry the provider's access token and id_token
    /// (<c>providerInfo.accessToken</c>, <c>providerInfo.idToken</c>), as Backstage's auth backend does, for a page
    /// whose own script calls an API with them. Default: false: tokens stay on the server, where the app gets them
    /// from <c>UserAccessTokens</c>, and a script injected into the page finds none to steal.
    /// </summary>
    public bool ExposeTokensToBrowser { get; set; }

    /// <summary>How many requests one client address may make to the auth routes: a burst, refilled over a minute.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Where the provider's routes live, relative to the app's origin.</summary>
    public string ProviderPath(string providerId) => $"{RoutePrefix}/{providerId}";

    /// <summary>The provider's redirect target, relative to the app's origin: what a provider is registered with.</summary>
    public string CallbackPath(string providerId) => $"{RoutePrefix}/{providerId}/handler/frame";

    /// <summary>Where a provider sends the browser after its own sign-out (<c>post_logout_redirect_uri</c>), relative to the app's origin.</summary>
    public string SignedOutPath(string providerId) => $"{RoutePrefix}/{providerId}/signed-out";
}

/// <summary>The per-address budget of the auth routes, bound from <c>Auth:RateLimit</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests one address may make at once. Default: 30.</summary>
    public int Burst { get; set; } = 30;

    /// <summary>Requests one address may make per minute, sustained. Default: 60.</summary>
    public int PerMinute { get; set; } = 60;

    /// <summary>
    /// Back-channel logouts one address may deliver per minute (also its burst): a provider ending many sessions at
    /// once sends them from a few servers, and a logout refused for want of budget leaves a session alive. Default: 600.
    /// </summary>
    public int ProviderLogoutsPerMinute { get; set; } = 600;
}
