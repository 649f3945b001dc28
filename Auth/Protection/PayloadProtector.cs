using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Auth.Protection;

/// <summary>
/// Seals a value with Data Protection into a URL- and cookie-safe string, and opens it again. A key ring that cannot be
/// read (Redis or the key directory out of reach) is <see cref="AuthStoreUnavailableException"/>, never "not sealed by
/// us": a valid cookie must not be taken for a forged one and cleared because the keys are away for a moment.
/// </summary>
internal sealed class PayloadProtector<T>(IDataProtectionProvider provider, string purpose, JsonTypeInfo<T> typeInfo, int maxLength)
    where T : class
{
    private readonly IDataProtector _protector = provider.CreateProtector(purpose);

    public string Protect(T value)
    {
        try
        {
            return WebEncoders.Base64UrlEncode(_protector.Protect(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo)));
        }
        catch (CryptographicException e) when (StoreOutage.IsKeyRingUnavailable(e))
        {
            throw new AuthStoreUnavailableException("key ring", e.InnerException!);
        }
    }

    /// <summary>
    /// Null for anything that was not sealed by this server for this purpose: never throws on client input; throws
    /// <see cref="AuthStoreUnavailableException"/> when the keys to tell cannot be read.
    /// </summary>
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
        catch (CryptographicException e) when (StoreOutage.IsKeyRingUnavailable(e))
        {
            throw new AuthStoreUnavailableException("key ring", e.InnerException!);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}
