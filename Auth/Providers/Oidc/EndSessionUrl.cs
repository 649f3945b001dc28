using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>RP-initiated logout (OIDC RP-Initiated Logout 1.0 §2), offered only at a provider URL that is safe to send a user to.</summary>
public static class EndSessionUrl
{
    /// <summary>Null unless the endpoint is https, or http on loopback (a local test provider).</summary>
    public static Uri? Build(string? endpoint, string clientId, string publicOrigin)
    {
        if (!ProviderUrls.IsSafe(endpoint))
        {
            return null;
        }

        var endSession = new Uri(endpoint!);
        var separator = string.IsNullOrEmpty(endSession.Query) ? "?" : "&";
        return new Uri(endSession.AbsoluteUri + separator
            + $"client_id={Uri.EscapeDataString(clientId)}&post_logout_redirect_uri={Uri.EscapeDataString(publicOrigin + "/")}");
    }
}
