using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// The authorization response (RFC 6749 §4.1.2), from the query or, for form_post, the form. Providers that
/// still send the older <c>error_code</c>/<c>error_message</c> pair are read the same way.
/// </summary>
public sealed record CallbackParameters(string? State, string? Code, string? Error, string? ErrorDescription, string? Issuer)
{
    /// <summary>Null when the request is malformed: a repeated parameter, or a form that is too big or not a form.</summary>
    public static async Task<CallbackParameters?> ReadAsync(HttpRequest request, long maxFormBytes)
    {
        var ambiguous = false;
        CallbackParameters parameters;
        if (HttpMethods.IsPost(request.Method))
        {
            if (!request.HasFormContentType || request.ContentLength is null or > 16 * 1024)
            {
                return null;
            }

            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new FormOptions { BufferBody = false, ValueCountLimit = 32, ValueLengthLimit = (int)maxFormBytes, KeyLengthLimit = 64 });
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return null;
            }

            parameters = new(
                RequestGuards.Single(form, "state", ref ambiguous),
                RequestGuards.Single(form, "code", ref ambiguous),
                RequestGuards.Single(form, "error", ref ambiguous) ?? RequestGuards.Single(form, "error_code", ref ambiguous),
                RequestGuards.Single(form, "error_description", ref ambiguous) ?? RequestGuards.Single(form, "error_message", ref ambiguous),
                RequestGuards.Single(form, "iss", ref ambiguous));
        }
        else
        {
            var query = request.Query;
            parameters = new(
                RequestGuards.Single(query, "state", ref ambiguous),
                RequestGuards.Single(query, "code", ref ambiguous),
                RequestGuards.Single(query, "error", ref ambiguous) ?? RequestGuards.Single(query, "error_code", ref ambiguous),
                RequestGuards.Single(query, "error_description", ref ambiguous) ?? RequestGuards.Single(query, "error_message", ref ambiguous),
                RequestGuards.Single(query, "iss", ref ambiguous));
        }

        return ambiguous ? null : parameters;
    }
}
