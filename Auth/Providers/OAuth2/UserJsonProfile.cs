using BlazorAuth.Auth.Configuration;

namespace BlazorAuth.Auth.Providers.OAuth2;

/// <summary>Reads a profile out of a provider's user JSON through the configured claim mapping.</summary>
internal static class UserJsonProfile
{
    public static UserProfile? Read(IReadOnlyDictionary<string, string> user, ClaimMappingOptions mapping, string issuer, string clientId)
    {
        var subject = First(user, mapping.Subject);
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        return new UserProfile(
            subject,
            issuer,
            clientId,
            First(user, mapping.Email),
            First(user, mapping.DisplayName),
            First(user, mapping.Picture),
            [.. user],
            First(user, mapping.Email) is not null && Protocol.ClaimValues.IsTrue(First(user, mapping.EmailVerified)));
    }

    private static string? First(IReadOnlyDictionary<string, string> user, string members) =>
        members.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(member => user.GetValueOrDefault(member))
            .FirstOrDefault(value => !string.IsNullOrEmpty(value) && value != "null");
}
