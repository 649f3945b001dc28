using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.CentralAuth;

/// <summary>A <c>centralauth</c> provider's settings, bound from <c>Auth:Providers:{id}</c>; <c>Authority</c> is CentralAuth's base URL.</summary>
public sealed class CentralAuthProviderOptions : ClientProviderOptions
{
    /// <summary>
    /// Take the user from the decrypted id_token instead of asking userinfo (faster, but blind to a session ended
    /// since). Default: false.
    /// </summary>
    public bool UserFromIdToken { get; set; }

    /// <summary>
    /// The other origins this app runs on, sharing its Data Protection key ring. CentralAuth's autologin sends the
    /// browser through their callbacks with the same state; only those hops skip the binding cookie. Default: none
    /// (autologin off).
    /// </summary>
    public List<string> AutologinOrigins { get; set; } = [];
}
