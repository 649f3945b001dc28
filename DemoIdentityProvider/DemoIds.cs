using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.DemoIdentityProvider;

internal static class DemoIds
{
    /// <summary>OIDC Back-Channel Logout 1.0 §2.4: the event a logout token carries.</summary>
    public const string BackchannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>256 random bits, base64url: session ids, token ids, a client secret.</summary>
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
