using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace BlazorAuth.Tests.Support;

/// <summary>Reads the frame page as a browser would: its single script, the CSP hash it must match, and the posted message.</summary>
public sealed record FramePageContent(string Html, string Script, JsonElement Message, string TargetOrigin)
{
    public static async Task<FramePageContent> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var document = new HtmlParser().ParseDocument(html);
        var scripts = document.QuerySelectorAll("script");
        Assert.Single(scripts);
        var script = scripts[0].TextContent;

        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"script-src 'sha256-{hash}'", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.True(csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal) || csp.Contains("frame-ancestors 'self'", StringComparison.Ordinal));

        const string start = "var m=";
        var from = script.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var to = script.IndexOf(",o=\"", from, StringComparison.Ordinal);
        var message = JsonDocument.Parse(script[from..to]).RootElement.Clone();
        var originEnd = script.IndexOf("\";", to + 4, StringComparison.Ordinal);
        var originJson = script[(to + 3)..(originEnd + 1)];
        var origin = JsonSerializer.Deserialize<string>(originJson)!;

        // The whole script, to the letter: posted to exactly that origin (never "*" in any quoting), only to an opener,
        // or (a silent renewal, which the app's own page frames) only to the parent.
        var silent = csp.Contains("frame-ancestors 'self'", StringComparison.Ordinal);
        Assert.Equal(
            "(function(){var m=" + script[from..to] + ",o=" + originJson + ";" +
            (silent
                ? "if(window.parent!==window){window.parent.postMessage(m,o);}"
                : "if(window.opener&&!window.opener.closed){window.opener.postMessage(m,o);window.close();}") +
            "else{document.getElementById('busy').hidden=true;document.getElementById('alone').hidden=false;}})();",
            script);
        return new FramePageContent(html, script, message, origin);
    }

    public string? ErrorName => Message.TryGetProperty("error", out var e) ? e.GetProperty("name").GetString() : null;

    public string? Ticket => Message.TryGetProperty("response", out var r) ? r.GetProperty("session").GetProperty("ticket").GetString() : null;
}
