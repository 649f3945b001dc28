using System.Security.Claims;
using BlazorAuth.Auth.Providers;

namespace BlazorAuth.Auth.Sessions;

/// <summary>The app's user, as the server established it. Only the server builds one.</summary>
/// <param name="WithoutRefreshToken">The provider gave no refresh token: the session lasts as long as its access token.</param>
public sealed record SignedInUser(
    string ProviderId,
    string SessionId,
    UserProfile Profile,
    DateTimeOffset? AccessTokenExpiresAt,
    bool WithoutRefreshToken = false)
{
    public const string AuthenticationType = "BlazorAuth";
    public const string ProviderClaim = "blazorauth:provider";
    public const string SessionClaim = "blazorauth:session";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";

    /// <summary>The user's email, present only when the provider verified it; set by the server, never from a provider's claims.</summary>
    public const string VerifiedEmailClaim = "blazorauth:verified-email";

    /// <param name="nameClaimType">The claim <c>Identity.Name</c> reads (<c>Auth:NameClaimType</c>).</param>
    /// <param name="roleClaimType">The claim roles are read from (<c>Auth:RoleClaimType</c>).</param>
    public ClaimsPrincipal ToPrincipal(string nameClaimType = NameClaim, string roleClaimType = RoleClaim)
    {
        var claims = new List<Claim>
        {
            new("sub", Profile.Subject),
            new(NameClaim, Profile.DisplayName ?? Profile.Email ?? Profile.Subject),
            new(ProviderClaim, ProviderId),
            new(SessionClaim, SessionId),
            new("iss", Profile.Issuer),
        };
        if (Profile.Email is not null)
        {
            claims.Add(new Claim("email", Profile.Email));
            if (Profile.EmailVerified)
            {
                claims.Add(new Claim(VerifiedEmailClaim, Profile.Email));
            }
        }

        if (Profile.Picture is not null)
        {
            claims.Add(new Claim("picture", Profile.Picture));
        }

        var taken = claims.Select(c => c.Type).ToHashSet(StringComparer.Ordinal);
        claims.AddRange(Profile.Claims
            .Where(c => !taken.Contains(c.Key) && !c.Key.StartsWith("blazorauth:", StringComparison.Ordinal))
            .Select(c => new Claim(c.Key, c.Value)));

        // A handler that maps inbound claims names roles with the long URI type: they are roles all the same.
        if (roleClaimType != ClaimTypes.Role)
        {
            claims.AddRange(claims.Where(c => c.Type == ClaimTypes.Role).Select(c => new Claim(roleClaimType, c.Value)).ToList());
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, nameClaimType, roleClaimType));
    }
}
