namespace BlazorAuth.Auth.Providers.OAuth2;

/// <summary>
/// Where a plain OAuth 2.0 provider's user JSON keeps the profile, bound from
/// <c>Auth:Providers:{id}:ClaimMapping</c>. Each is a comma-separated list of members, first present wins.
/// </summary>
public sealed class ClaimMappingOptions
{
    /// <summary>The stable user id. Default: <c>sub,id</c>.</summary>
    public string Subject { get; set; } = "sub,id";

    /// <summary>Default: <c>email</c>.</summary>
    public string Email { get; set; } = "email";

    /// <summary>Default: <c>name,login,preferred_username,username</c>.</summary>
    public string DisplayName { get; set; } = "name,login,preferred_username,username";

    /// <summary>Whether the provider verified the email (a JSON <c>true</c>). Default: <c>email_verified,verified_email</c>.</summary>
    public string EmailVerified { get; set; } = "email_verified,verified_email";

    /// <summary>Default: <c>picture,avatar_url</c>.</summary>
    public string Picture { get; set; } = "picture,avatar_url";
}
