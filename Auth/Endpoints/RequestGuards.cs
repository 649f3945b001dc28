using System.Diagnostics.CodeAnalysis;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>The checks that keep /refresh and /logout callable only by the app's own scripts.</summary>
internal static class RequestGuards
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
    public static string? Single(StringValues values, ref bool ambiguous)
    {
        if (values.Count > 1)
        {
            ambiguous = true;
        }

        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>
    /// What /refresh and /logout check before anything else: a configured provider, the app's header, the app's
    /// origin. False with the refusal to answer when one of them fails.
    /// </summary>
    public static bool TryAcceptAppCall(
        string route, string provider, HttpContext context, AuthProviderRegistry registry, OriginPolicy origins, ILogger logger,
        [NotNullWhen(true)] out IAuthProvider? authProvider, [NotNullWhen(false)] out IResult? refusal)
    {
        refusal = !registry.TryGet(provider, out authProvider) ? ApiErrors.Result(AuthError.UnknownProvider)
            : !HasAppHeader(context.Request) ? ApiErrors.Refuse(logger, route, provider, AuthError.MissingHeader)
            : !IsSameOrigin(context.Request, origins) ? ApiErrors.Refuse(logger, route, provider, AuthError.OriginNotAllowed)
            : null;
        return refusal is null;
    }
}
