using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Which provider this browser last signed in with, so that its sign-in buttons offer that one first. Only a provider's
/// id, nothing about the user; it outlives sign-out (that is its point) and is read only against the configured providers.
/// </summary>
internal static class LastProviderCookie
{
    public const string Name = "__Host-blazorauth-last-provider";

    public static void Write(HttpContext context, string providerId) =>
        context.Response.Cookies.Append(Name, providerId, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),

            // A preference, not needed to sign in: a host's cookie consent policy may drop it.
            IsEssential = false,
        });

    public static string? Read(HttpContext? context) => context?.Request.Cookies[Name];
}
