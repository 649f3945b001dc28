using System.Security.Claims;

namespace BlazorAuth.Components.Auth;

/// <summary>What the UI shows of a user, read from the circuit's claims.</summary>
public sealed class UserView(ClaimsPrincipal user)
{
    public string DisplayName { get; } = user.FindFirst("name")?.Value ?? user.FindFirst("sub")?.Value ?? "Signed in";

    public string? Email { get; } = user.FindFirst("email")?.Value;

    public string Initial => DisplayName[..1].ToUpperInvariant();

    /// <summary>Only http(s) pictures are shown; anything else (javascript:, data:) is ignored.</summary>
    public string? PictureUrl { get; } =
        Uri.TryCreate(user.FindFirst("picture")?.Value, UriKind.Absolute, out var picture)
        && (picture.Scheme == Uri.UriSchemeHttps || picture.Scheme == Uri.UriSchemeHttp)
            ? picture.AbsoluteUri
            : null;

    public IEnumerable<Claim> Claims => user.Claims;
}
