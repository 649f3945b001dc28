using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>Reads a small urlencoded form with hard limits; anything else a client sends is simply no form.</summary>
internal static class BoundedForm
{
    public static async Task<IFormCollection?> ReadAsync(HttpRequest request, int maxBytes)
    {
        if (!request.HasFormContentType || request.ContentLength is null || request.ContentLength > maxBytes)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(new FormOptions { BufferBody = false, ValueCountLimit = 32, ValueLengthLimit = maxBytes, KeyLengthLimit = 64 });
        }
        // NotSupportedException: a charset the runtime refuses to decode (utf-7).
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}
