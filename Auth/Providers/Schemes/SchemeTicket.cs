using System.Globalization;
using System.Security.Claims;
using BlazorAuth.Auth.Errors;
using Microsoft.AspNetCore.Authentication;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>What a scheme's ticket makes of a sign-in: the tokens it kept, and the user its claims name.</summary>
internal static class SchemeTicket
{
    public static ProviderSignIn Read(ClaimsPrincipal principal, AuthenticationProperties properties, string? audience, string scope, DateTimeOffset now)
    {
        var expiresIn = DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
            && expiresAt > now
                ? expiresAt - now
                : (TimeSpan?)null;
        var tokens = new ProviderTokens(
            properties.GetTokenValue("access_token") ?? "",
            properties.GetTokenValue("id_token"),
            properties.GetTokenValue("refresh_token"),
            scope,
            expiresIn);
        return new ProviderSignIn(tokens, ProfileOf(principal, audience));
    }

    /// <summary>
    /// The user, from the claims as the handler left them: JWT names (<c>sub</c>, <c>email</c>) where inbound claims are
    /// not mapped, the framework's <see cref="ClaimTypes"/> where they are. The subject's issuer is the token's for
    /// OpenID Connect, the scheme's claims issuer for other handlers.
    /// </summary>
    public static UserProfile ProfileOf(ClaimsPrincipal principal, string? audience)
    {
        var subject = principal.FindFirst("sub") ?? principal.FindFirst(ClaimTypes.NameIdentifier)
            ?? throw new AuthFlowException(AuthError.ProviderBadResponse, detail: "The scheme's ticket names no subject (sub or NameIdentifier).");
        var email = Value(principal, "email", ClaimTypes.Email);
        return new UserProfile(
            subject.Value,
            subject.Issuer,
            audience,
            email,
            Value(principal, "name", ClaimTypes.Name),
            Value(principal, "picture", null),
            [.. principal.Claims.Select(c => new KeyValuePair<string, string>(c.Type, c.Value))],
            EmailVerified: email is not null && string.Equals(Value(principal, "email_verified", null), "true", StringComparison.OrdinalIgnoreCase));
    }

    private static string? Value(ClaimsPrincipal principal, string jwtName, string? mappedName) =>
        (principal.FindFirst(jwtName) ?? (mappedName is null ? null : principal.FindFirst(mappedName)))?.Value is { Length: > 0 } value ? value : null;
}
