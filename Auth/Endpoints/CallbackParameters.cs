using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// The authorization response (RFC 6749 §4.1.2), from the query or, for form_post, the form. Providers that
/// still send the older <c>error_code</c>/<c>error_message</c> pair are read the same way.
/// </summary>
internal sealed record CallbackParameters(string? State, string? Code, string? Error, string? ErrorDescription, string? Issuer)
{
    /// <summary>Null when the request is malformed: a repeated parameter, or a form that is too big or not a form.</summary>
    public static async Task<CallbackParameters?> ReadAsync(HttpRequest request, int maxFormBytes)
    {
        Func<string, StringValues> parameter;
        if (HttpMethods.IsPost(request.Method))
        {
            if (await BoundedForm.ReadAsync(request, maxFormBytes) is not { } form)
            {
                return null;
            }

            parameter = name => form[name];
        }
        else
        {
            var query = request.Query;
            parameter = name => query[name];
        }

        var ambiguous = false;
        string? Single(string name) => RequestGuards.Single(parameter(name), ref ambiguous);
        var parameters = new CallbackParameters(
            Single("state"),
            Single("code"),
            Single("error") ?? Single("error_code"),
            Single("error_description") ?? Single("error_message"),
            Single("iss"));
        return ambiguous ? null : parameters;
    }
}
