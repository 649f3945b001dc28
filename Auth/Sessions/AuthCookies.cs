using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Sessions;

/// <summary>The one shape of every cookie under <c>/auth</c>: <c>__Host-</c> rules, HttpOnly, SameSite=Lax.</summary>
internal static class AuthCookies
{
    public static CookieOptions Options(TimeSpan? maxAge) => new()
    {
        Secure = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
