using System.Text.Json;

namespace BlazorAuth.Auth.Providers.Protocol;

internal static class ClaimValues
{
    /// <summary>Top-level members as strings: strings as they are, other values as their JSON text.</summary>
    public static Dictionary<string, string> Flatten(JsonElement root)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            claims[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : property.Value.GetRawText();
        }

        return claims;
    }

    /// <summary>A flattened claim that says yes: JSON <c>true</c>, or the string <c>"true"</c> some providers send.</summary>
    public static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
