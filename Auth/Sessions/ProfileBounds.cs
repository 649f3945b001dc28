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
    public const int MaxClaimCharacters = 2048;

    /// <summary>The profile as a session keeps it; throws <see cref="AuthError.SessionTooLarge"/> for a user it cannot keep.</summary>
    public static UserProfile Apply(UserProfile profile)
    {
        if (profile.Subject.Length > MaxSubject
            || profile.Issuer.Length > MaxIssuer
            || profile.Audience?.Length > MaxIssuer
            || profile.Email?.Length > MaxEmail
            || profile.DisplayName?.Length > MaxDisplayName)
        {
            throw new AuthFlowException(AuthError.SessionTooLarge);
        }

        // Every refresh passes through here: a profile that already fits is kept as it is, without a copy.
        if (Fits(profile))
        {
            return profile;
        }

        var budget = MaxClaimCharacters;
        var claims = new List<KeyValuePair<string, string>>();
        foreach (var claim in profile.Claims)
        {
            var size = claim.Key.Length + claim.Value.Length;
            if (claim.Key.Length <= MaxClaimType && claim.Value.Length <= MaxClaimValue && size <= budget)
            {
                claims.Add(claim);
                budget -= size;
            }
        }

        // A picture is only decoration: one too long to keep is left out rather than refusing the user.
        return profile with { Picture = profile.Picture?.Length > MaxPicture ? null : profile.Picture, Claims = claims };
    }

    private static bool Fits(UserProfile profile)
    {
        if (profile.Picture?.Length > MaxPicture)
        {
            return false;
        }

        var used = 0;
        foreach (var claim in profile.Claims)
        {
            used += claim.Key.Length + claim.Value.Length;
            if (claim.Key.Length > MaxClaimType || claim.Value.Length > MaxClaimValue || used > MaxClaimCharacters)
            {
                return false;
            }
        }

        return true;
    }
}
