using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>The checks that keep /refresh and /logout callable only by the app's own scripts.</summary>
public static class RequestGuards
{
    public static bool HasAppHeader(HttpRequest request) =>
        request.Headers.TryGetValue("X-Requested-With", out var values)
        && values.Count == 1
        && string.Equals(values[0], "XMLHttpRequest", StringComparison.Ordinal);

    /// <summary>False when the browser says the request comes from another site.</summary>
    public static bool IsSameOrigin(HttpRequest request, OriginPolicy origins)
    {
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site.Count == 1
            && site[0] is not ("same-origin" or "none"))
        {
            return false;
        }

        return !request.Headers.TryGetValue("Origin", out var origin) || origins.IsAllowed(origin.ToString(), out _);
    }

    /// <summary>The single value of a parameter; null when absent, and <paramref name="ambiguous"/> when repeated.</summary>
    public static string? Single(IQueryCollection query, string name, ref bool ambiguous) => Single(query.TryGetValue(name, out var v), v, ref ambiguous);

    public static string? Single(IFormCollection form, string name, ref bool ambiguous) => Single(form.TryGetValue(name, out var v), v, ref ambiguous);

    private static string? Single(bool present, Microsoft.Extensions.Primitives.StringValues values, ref bool ambiguous)
    {
        if (!present)
        {
            return null;
        }

        if (values.Count != 1)
        {
            ambiguous = true;
            return null;
        }

        return values[0];
    }
}
