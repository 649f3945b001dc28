using BlazorAuth.Auth.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.App;

/// <summary>
/// Headers for every answer of the app. The app's pages keep their popups' opener (COOP
/// same-origin-allow-popups); the auth routes get no COOP at all, because a popup arriving from the provider at
/// a page with one would be moved to a new browsing context group and lose its opener. The frame page sets its
/// own, stricter headers.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The app's pages run only their own scripts (no inline script, no eval: the page renders no import map for
    /// that reason) and talk only to their own origin (the circuit's WebSocket included). MudBlazor sets inline
    /// styles; providers' avatars come from anywhere over https, or from a provider on this machine. Frames load only
    /// the app itself and the providers configured to renew sessions silently (their authorize pages, in a hidden frame).
    /// </summary>
    public static string PageContentSecurityPolicy(AuthOptions options)
    {
        var frames = string.Concat(options.Providers.Values
            .Where(p => p.RenewWithoutRefreshToken)
            .Select(p => p.PagesOrigin)
            .Select(authority => Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "")
            .Distinct()
            .Order(StringComparer.Ordinal));
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
            "img-src 'self' data: https: http://localhost:* http://127.0.0.1:*; font-src 'self' data:; connect-src 'self'; " +
            $"frame-src 'self'{frames}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        var pagePolicy = PageContentSecurityPolicy(options);
        var authRoutes = new PathString(options.RoutePrefix);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var (http, pagePolicy, authRoutes) = ((HttpContext, string, PathString))state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
                if (!http.Request.Path.StartsWithSegments(authRoutes))
                {
                    headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin-allow-popups");
                    headers.TryAdd("Content-Security-Policy", pagePolicy);
                }

                headers.TryAdd("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");

                // X-Frame-Options cannot name another origin, so it must not contradict an answer whose own CSP lets
                // one frame it (the front-channel logout, framed by the provider's sign-out page).
                if (!headers.ContentSecurityPolicy.ToString().Contains("frame-ancestors http", StringComparison.Ordinal))
                {
                    headers.TryAdd("X-Frame-Options", "SAMEORIGIN");
                }

                return Task.CompletedTask;
            }, (context, pagePolicy, authRoutes));
            return next(context);
        });
    }
}
