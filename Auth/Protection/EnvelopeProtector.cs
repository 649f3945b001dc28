using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Auth.Protection;

/// <summary>
/// Seals a short-lived value under the <see cref="SealingKeyRing"/>'s current key into a URL- and cookie-safe string,
/// and opens it again on any instance with the same Data Protection key ring. The layout (docs/security.md):
/// <c>0xB1 | wrapped key length (2 bytes) | wrapped key | nonce (12) | tag (16) | ciphertext</c>, with the purpose and
/// everything before the nonce authenticated as associated data, so a value sealed for one purpose opens for no other
/// and its key cannot be swapped.
/// </summary>
/// <param name="sealedByDataProtection">
/// Opens values an earlier version sealed with Data Protection alone, which an upgrade may find in flight.
/// </param>
internal sealed class EnvelopeProtector<T>(
    SealingKeyRing keys, string purpose, JsonTypeInfo<T> typeInfo, int maxLength, PayloadProtector<T> sealedByDataProtection)
    where T : class
{
    private const byte Marker = 0xB1;

    // Data Protection's own payloads start with its magic header, 0x09F0C9F0.
    private const byte DataProtectionMarker = 0x09;

    private const int HeaderBytes = 3;

    // Length-prefixed, so that no purpose and header can be read as another purpose and header.
    private readonly byte[] _purpose = LengthPrefixed(purpose);

    public string Protect(T value) => WebEncoders.Base64UrlEncode(Seal(value));

    /// <summary>The sealed value as bytes, for a caller that encodes it into a larger string itself.</summary>
    public byte[] Seal(T value)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var key = keys.Current();
        Span<byte> associatedBuffer = stackalloc byte[512];
        while (true)
        {
            var wrapped = key.Wrapped;
            var nonceAt = HeaderBytes + wrapped.Length;
            var sealedValue = new byte[nonceAt + SealingKey.NonceBytes + SealingKey.TagBytes + plaintext.Length];
            sealedValue[0] = Marker;
            BinaryPrimitives.WriteUInt16BigEndian(sealedValue.AsSpan(1), checked((ushort)wrapped.Length));
            wrapped.CopyTo(sealedValue, HeaderBytes);

            var body = sealedValue.AsSpan(nonceAt);
            if (key.TrySeal(
                    plaintext,
                    AssociatedData(sealedValue.AsSpan(0, nonceAt), associatedBuffer),
                    body[..SealingKey.NonceBytes],
                    body[(SealingKey.NonceBytes + SealingKey.TagBytes)..],
                    body.Slice(SealingKey.NonceBytes, SealingKey.TagBytes)))
            {
                return sealedValue;
            }

            key = keys.Rotate(key);
        }
    }

    /// <summary>
    /// Null for anything that was not sealed by this application for this purpose: never throws on client input; throws
    /// <see cref="AuthStoreUnavailableException"/> when the keys to tell cannot be read.
    /// </summary>
    public T? Unprotect(string? sealedValue)
    {
        if (string.IsNullOrEmpty(sealedValue) || sealedValue.Length > maxLength)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(sealedValue);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length > 0 && bytes[0] == DataProtectionMarker)
        {
            return sealedByDataProtection.Unprotect(sealedValue);
        }

        if (bytes.Length < HeaderBytes || bytes[0] != Marker)
        {
            return null;
        }

        var nonceAt = HeaderBytes + BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(1));
        if (bytes.Length < nonceAt + SealingKey.NonceBytes + SealingKey.TagBytes
            || keys.Find(bytes.AsSpan(HeaderBytes, nonceAt - HeaderBytes)) is not { } key)
        {
            return null;
        }

        var body = bytes.AsSpan(nonceAt);
        var ciphertext = body[(SealingKey.NonceBytes + SealingKey.TagBytes)..];
        var plaintext = new byte[ciphertext.Length];
        if (!key.TryOpen(
                body[..SealingKey.NonceBytes],
                ciphertext,
                body.Slice(SealingKey.NonceBytes, SealingKey.TagBytes),
                AssociatedData(bytes.AsSpan(0, nonceAt), stackalloc byte[512]),
                plaintext))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(plaintext, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] LengthPrefixed(string purpose)
    {
        var text = Encoding.UTF8.GetBytes(purpose);
        var prefixed = new byte[sizeof(ushort) + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(prefixed, checked((ushort)text.Length));
        text.CopyTo(prefixed, sizeof(ushort));
        return prefixed;
    }

    private ReadOnlySpan<byte> AssociatedData(ReadOnlySpan<byte> header, Span<byte> buffer)
    {
        var length = _purpose.Length + header.Length;
        var associated = length <= buffer.Length ? buffer[..length] : new byte[length];
        _purpose.CopyTo(associated);
        header.CopyTo(associated[_purpose.Length..]);
        return associated;
    }
}
