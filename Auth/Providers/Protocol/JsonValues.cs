using System.Text.Json;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>Reading members of JSON someone else wrote, where a member of the wrong kind counts as absent.</summary>
internal static class JsonValues
{
    public static string? StringOf(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
