using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// A driven scheme's handler sets a correlation cookie (and, for OpenID Connect, a nonce cookie) per sign-in started,
/// for 15 minutes, and a callback that fails before its checks (a silent renewal's <c>login_required</c>) leaves them.
/// Only the latest sign-in can finish (the binding cookie names it), so older ones are dead weight, and enough of them
/// make the callback's request headers too large to be read (431): sign-in locked out by its own cookies. They are
/// scoped to the provider's routes rather than its callback alone, so that <c>/start</c> sees and removes them, and
/// the frame route removes whatever is left once the handler has run.
/// </summary>
internal static class HandlerCookies
{
    /// <summary>Scopes the handler's cookies to the provider's routes (<c>/start</c> and the frame route), unless the host chose.</summary>
    public static void ScopeTo(RemoteAuthenticationOptions options, string providerPath)
    {
        options.CorrelationCookie.Path ??= providerPath;
        if (options is OpenIdConnectOptions oidc)
        {
            oidc.NonceCookie.Path ??= providerPath;
        }
    }

    /// <summary>Deletes every handler cookie the request carries, where it was set, and where earlier versions set it.</summary>
    public static void RemoveAll(HttpContext context, RemoteAuthenticationOptions options)
    {
        Remove(context, options.CorrelationCookie, options.CallbackPath);
        if (options is OpenIdConnectOptions oidc)
        {
            Remove(context, oidc.NonceCookie, options.CallbackPath);
        }
    }

    private static void Remove(HttpContext context, CookieBuilder builder, PathString callbackPath)
    {
        if (string.IsNullOrEmpty(builder.Name))
        {
            return;
        }

        foreach (var name in context.Request.Cookies.Keys.Where(k => k.StartsWith(builder.Name, StringComparison.Ordinal)))
        {
            var options = builder.Build(context);
            context.Response.Cookies.Delete(name, options);
            if (options.Path != callbackPath.Value)
            {
                options.Path = callbackPath.Value;
                context.Response.Cookies.Delete(name, options);
            }
        }
    }
}
