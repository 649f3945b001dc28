using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Transactions;

/// <summary>
/// The <c>__Host-{p}-nonce</c> cookie that binds a transaction to the browser that started it, so a state
/// (or a whole callback URL, or a captured form post with cookies a sibling subdomain planted) carried to another
/// browser is worthless. Every provider type sets it, the scheme types beside their handler's own cookies.
/// </summary>
internal static class BindingCookie
{
    public static string Name(string providerId) => $"__Host-{providerId}-nonce";

    /// <param name="crossSitePost">
    /// The provider answers with a cross-site form post (a scheme's form_post), which carries no Lax cookie: the binding
    /// cookie is then SameSite=None, still <c>__Host-</c>, so no sibling subdomain can plant or shadow it.
    /// </param>
    public static void Append(HttpResponse response, string providerId, string transactionId, TimeSpan lifetime, bool crossSitePost = false)
    {
        var options = AuthCookies.Options(lifetime);
        if (crossSitePost)
        {
            options.SameSite = SameSiteMode.None;
        }

        response.Cookies.Append(Name(providerId), transactionId, options);
    }

    public static string? Read(HttpRequest request, string providerId) => request.Cookies[Name(providerId)];

    public static void Delete(HttpResponse response, string providerId) =>
        response.Cookies.Delete(Name(providerId), AuthCookies.Options(null));
}
