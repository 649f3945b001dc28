using System.Text.Json;

namespace BlazorAuth.Auth.Providers.CentralAuth;

/// <summary>The user object of CentralAuth's id_token and userinfo answers.</summary>
/// <param name="Verified">CentralAuth's <c>verified</c>: the user proved they own <see cref="Email"/>.</param>
internal sealed record CentralAuthUser(string Id, string? Email, string? Gravatar, bool Blocked, bool Verified, IReadOnlyList<KeyValuePair<string, string>> Claims)
{
    /// <summary>Null unless the element is an object with a string id.</summary>
    public static CentralAuthUser? From(JsonElement user)
    {
        if (user.ValueKind != JsonValueKind.Object
            || !user.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
        {
            return null;
        }

        var claims = Protocol.ClaimValues.Flatten(user);
        return new CentralAuthUser(
            id.GetString()!,
            claims.GetValueOrDefault("email"),
            claims.GetValueOrDefault("gravatar"),
            user.TryGetProperty("blocked", out var blocked) && blocked.ValueKind == JsonValueKind.True,
            user.TryGetProperty("verified", out var verified) && verified.ValueKind == JsonValueKind.True,
            [.. claims]);
    }
}
