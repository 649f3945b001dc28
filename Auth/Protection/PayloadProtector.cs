using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Auth.Protection;

/// <summary>Seals a value with Data Protection into a URL- and cookie-safe string, and opens it again.</summary>
internal sealed class PayloadProtector<T>(IDataProtectionProvider provider, string purpose, JsonTypeInfo<T> typeInfo, int maxLength)
    where T : class
{
    private readonly IDataProtector _protector = provider.CreateProtector(purpose);

    public string Protect(T value) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo)));

    /// <summary>Null for anything that was not sealed by this server for this purpose: never throws on client input.</summary>
    public T? Unprotect(string? sealedValue)
    {
        if (string.IsNullOrEmpty(sealedValue) || sealedValue.Length > maxLength)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(_protector.Unprotect(WebEncoders.Base64UrlDecode(sealedValue)), typeInfo);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}
