using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Providers.Oidc;

/// <summary>RP-initiated logout (OIDC RP-Initiated Logout 1.0 §2), offered only at a provider URL that is safe to send a user to.</summary>
internal static class EndSessionUrl
{
    /// <summary>Null unless the endpoint is https, or http on loopback (a local test provider).</summary>
    /// <param name="postLogoutRedirectUri">Where the provider sends the browser back: the app's signed-out page, registered at the provider.</param>
    public static Uri? Build(string? endpoint, string clientId, string postLogoutRedirectUri, string? idTokenHint)
    {
        if (!ProviderUrls.IsSafe(endpoint))
        {
            return null;
        }

        var endSession = new Uri(endpoint!);
        var separator = string.IsNullOrEmpty(endSession.Query) ? "?" : "&";
        var url = endSession.AbsoluteUri + separator
            + $"client_id={Uri.EscapeDataString(clientId)}&post_logout_redirect_uri={Uri.EscapeDataString(postLogoutRedirectUri)}";
        return new Uri(idTokenHint is null ? url : url + "&id_token_hint=" + Uri.EscapeDataString(idTokenHint));
    }
}
