using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Transactions;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// The page the popup ends on: one inline script, pinned by its hash in the CSP, that posts exactly one
/// message to the opener at the transaction's origin and closes the window. A silent renewal's page is the same,
/// but posts to the app's own page that framed it (and may be framed by that origin only).
/// </summary>
internal static class FramePage
{
    private const int MaxProviderTextLength = 200;

    public static IResult Success(SessionResponse response, string targetOrigin, FlowTiming? timing = null, SignInFlow flow = SignInFlow.Popup) =>
        new FramePageResult(
            new AuthorizationResponseMessage(AuthorizationResponseMessage.MessageType, response, null, timing), targetOrigin, StatusCodes.Status200OK, flow);

    public static IResult Failure(AuthError error, string targetOrigin, string? providerText = null, SignInFlow flow = SignInFlow.Popup) =>
        new FramePageResult(
            new AuthorizationResponseMessage(AuthorizationResponseMessage.MessageType, null, new ErrorMessage(error.Name, MessageFor(error, providerText))),
            targetOrigin,
            error.StatusCode,
            flow);

    /// <summary>The user-facing text: the fixed message, plus the provider's own words cut to 200 characters.</summary>
    public static string MessageFor(AuthError error, string? providerText)
    {
        if (string.IsNullOrWhiteSpace(providerText))
        {
            return error.Message;
        }

        var text = providerText.Length > MaxProviderTextLength ? providerText[..MaxProviderTextLength] : providerText;
        return $"{error.Message} The provider said: {text}";
    }

    /// <summary>Renders the page; exposed for tests that check the script against the CSP.</summary>
    public static (string Html, string ScriptHash) Render(AuthorizationResponseMessage message, string targetOrigin, SignInFlow flow = SignInFlow.Popup)
    {
        // The default encoder escapes <, >, &, quotes and every non-ASCII character (U+2028 included), so the
        // JSON cannot close the script element or break the JavaScript string context.
        var messageJson = JsonSerializer.Serialize(message, AuthJsonContext.Default.AuthorizationResponseMessage);
        var originJson = JsonSerializer.Serialize(targetOrigin, AuthJsonContext.Default.String);
        var post = flow == SignInFlow.Silent
            ? "if(window.parent!==window){window.parent.postMessage(m,o);}"
            : "if(window.opener&&!window.opener.closed){window.opener.postMessage(m,o);window.close();}";
        var script =
            "(function(){var m=" + messageJson + ",o=" + originJson + ";" + post +
            "else{document.getElementById('busy').hidden=true;document.getElementById('alone').hidden=false;}})();";
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        var html =
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
            "<title>Signing in</title></head><body>" +
            "<p id=\"busy\">Finishing sign-in…</p>" +
            "<p id=\"alone\" hidden>This window was not opened by the app, so it has nothing more to do. " +
            "You can close it and <a href=\"/\">go back to the app</a>.</p>" +
            "<script>" + script + "</script></body></html>";
        return (html, hash);
    }

    private sealed class FramePageResult(AuthorizationResponseMessage message, string targetOrigin, int statusCode, SignInFlow flow) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var (html, hash) = Render(message, targetOrigin, flow);
            var ancestors = flow == SignInFlow.Silent ? "'self'" : "'none'";
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            var headers = response.Headers;
            headers.ContentSecurityPolicy =
                $"default-src 'none'; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}";
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
