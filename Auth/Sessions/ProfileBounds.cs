using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// What of a provider's profile a session keeps. The session cookie travels with every request, and a browser that
/// sends more than the server's header limit is refused everywhere, logout included, with no way to clear it: so
/// the fields that name the user must fit, or the sign-in is refused, and the claims kept for display share a
/// small budget.
/// </summary>
internal static class ProfileBounds
{
    public const int MaxSubject = 255;
    public const int MaxEmail = 320;
    public const int MaxDisplayName = 256;
    public const int MaxIssuer = 1024;
    public const int MaxPicture = 2048;
    public const int MaxClaimType = 64;
    public const int MaxClaimValue = 256;
    /// <summary>The profile as a session keeps it; throws <see cref="AuthError.SessionTooLarge"/> for a user it cannot keep.</summary>
    /// <param name="maxClaimCharacters">The claims' budget (<c>Auth:MaxClaimCharacters</c>).</param>
    /// <param name="dropped">The types of the claims left out, each once; empty when all were kept.</param>
    public static UserProfile Apply(UserProfile profile, int maxClaimCharacters, out IReadOnlyList<string> dropped)
    {
        dropped = [];
        if (profile.Subject.Length > MaxSubject
            || profile.Issuer.Length > MaxIssuer
            || profile.Audience?.Length > MaxIssuer
            || profile.Email?.Length > MaxEmail
            || profile.DisplayName?.Length > MaxDisplayName)
        {
            throw new AuthFlowException(AuthError.SessionTooLarge);
        }

        // Every refresh passes through here: a profile that already fits is kept as it is, without a copy.
        if (Fits(profile, maxClaimCharacters))
        {
            return profile;
        }

        var budget = maxClaimCharacters;
        var claims = new List<KeyValuePair<string, string>>();
        var left = new List<string>();
        foreach (var claim in profile.Claims)
        {
            var size = claim.Key.Length + claim.Value.Length;
            if (claim.Key.Length <= MaxClaimType && claim.Value.Length <= MaxClaimValue && size <= budget)
            {
                claims.Add(claim);
                budget -= size;
            }
            else if (!left.Contains(claim.Key))
            {
                left.Add(claim.Key.Length <= MaxClaimType ? claim.Key : claim.Key[..MaxClaimType] + "…");
            }
        }

        dropped = left;

        // A picture is only decoration: one too long to keep is left out rather than refusing the user.
        return profile with { Picture = profile.Picture?.Length > MaxPicture ? null : profile.Picture, Claims = claims };
    }

    private static bool Fits(UserProfile profile, int maxClaimCharacters)
    {
        if (profile.Picture?.Length > MaxPicture)
        {
            return false;
        }

        var used = 0;
        foreach (var claim in profile.Claims)
        {
            used += claim.Key.Length + claim.Value.Length;
            if (claim.Key.Length > MaxClaimType || claim.Value.Length > MaxClaimValue || used > maxClaimCharacters)
            {
                return false;
            }
        }

        return true;
    }
}
