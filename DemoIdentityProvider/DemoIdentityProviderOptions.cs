namespace BlazorAuth.DemoIdentityProvider;

/// <summary>The embedded demo identity provider, bound from the <c>DemoIdentityProvider</c> section.</summary>
public sealed class DemoIdentityProviderOptions
{
    public const string SectionName = "DemoIdentityProvider";
    public const string ProviderId = "demo";
    public const string ClientId = "blazorauth-demo";

    /// <summary>
    /// True runs it (and configures provider <c>demo</c>) even beside other providers; false never runs it.
    /// Default (unset): it runs when no provider is configured.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Where it listens; its own origin, so the popup crosses origins as with a real provider. Default: http://localhost:5081.</summary>
    public string Url { get; set; } = "http://localhost:5081";

    /// <summary>
    /// The app's client secret at the demo provider. Default (unset): a fresh one each run. Set it where app instances
    /// in other processes sign in through this one's demo provider (the scale-out script).
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>Further callback URLs its client accepts: other apps signing in here (loopback only). Default: none.</summary>
    public List<string> OtherRedirectUris { get; set; } = [];

    /// <summary>Further sign-out return URLs its client accepts, for those other apps (loopback only). Default: none.</summary>
    public List<string> OtherPostLogoutRedirectUris { get; set; } = [];

    /// <summary>How long its access tokens live; the app renews the session before then. Default: 1 hour.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
