using System.Text;
using System.Text.Encodings.Web;
using BlazorAuth.Auth.Providers;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>The demo provider's small pages, rendered with every value HTML-encoded.</summary>
internal static class DemoPages
{
    /// <summary>The app's theme choice (<c>light</c> or <c>dark</c>); cookies are per host, not port, so the app's reaches these pages.</summary>
    public const string ThemeCookie = "blazorauth-theme";

    private const string LightColours =
        "--bg:#f3f0f7;--card:#fff;--text:#1c1b1f;--muted:#555;--line:#bbb;--rule:#eee;--code:#f1f1f1;--accent:#5e35b1;--on-accent:#fff;--quiet:#e0e0e0;--on-quiet:#333;--error:#b00020";

    private const string DarkColours =
        "--bg:#121017;--card:#1e1b26;--text:#e8e3ef;--muted:#bdb6c8;--line:#6f6880;--rule:#332e3d;--code:#2b2735;--accent:#b39ddb;--on-accent:#1c1b1f;--quiet:#3a3545;--on-quiet:#e8e3ef;--error:#ff8a80";

    // Light unless the system asks for dark; the app's explicit choice (a class on <html>) wins over the system.
    private const string Style =
        ":root{" + LightColours + ";color-scheme:light}" +
        "@media (prefers-color-scheme:dark){:root:not(.light){" + DarkColours + ";color-scheme:dark}}" +
        ":root.dark{" + DarkColours + ";color-scheme:dark}" +
        "body{font-family:system-ui,sans-serif;background:var(--bg);color:var(--text);margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}" +
        "main{background:var(--card);border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.12);padding:28px 32px;width:340px}" +
        "h1{font-size:1.3rem;margin:0 0 4px}p{color:var(--muted);font-size:.9rem}label{display:block;font-size:.85rem;margin-top:12px}" +
        "input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;margin-top:4px;border:1px solid var(--line);border-radius:6px;font-size:1rem;background:var(--card);color:var(--text)}" +
        "button{margin-top:18px;padding:9px 16px;border:0;border-radius:6px;background:var(--accent);color:var(--on-accent);font-size:.95rem;cursor:pointer}" +
        "button.secondary{background:var(--quiet);color:var(--on-quiet);margin-left:8px}.error{color:var(--error)}" +
        "table{width:100%;font-size:.85rem;border-collapse:collapse;margin-top:8px}td{padding:4px;border-top:1px solid var(--rule)}code{background:var(--code);padding:1px 4px;border-radius:4px}" +
        ":focus-visible{outline:3px solid var(--accent);outline-offset:2px}";

    private const string HtmlOpen = "<!DOCTYPE html><html lang=\"en\">";

    /// <summary>The page in the theme the app's user chose, if they chose one; else it follows the system.</summary>
    public static string Themed(string page, string? theme) =>
        theme is "light" or "dark" && page.StartsWith(HtmlOpen, StringComparison.Ordinal)
            ? $"<!DOCTYPE html><html lang=\"en\" class=\"{theme}\">" + page[HtmlOpen.Length..]
            : page;

    public static string Login(string returnUrl, string antiforgeryField, string antiforgeryToken, string? error)
    {
        var html = new StringBuilder();
        Open(html, "Demo identity provider · Sign in");
        html.Append("<h1>Demo identity provider</h1><p>A real OpenID Connect server (OpenIddict) for trying BlazorAuth. Sign in as:</p>");
        html.Append("<table>");
        foreach (var user in DemoUsers.All)
        {
            html.Append("<tr><td>").Append(E(user.Name)).Append("</td><td><code>").Append(E(user.UserName)).Append("</code></td><td><code>")
                .Append(E(user.Password)).Append("</code></td></tr>");
        }

        html.Append("</table>");
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"/login\">");
        Hidden(html, antiforgeryField, antiforgeryToken);
        Hidden(html, "returnUrl", returnUrl);
        html.Append("<label for=\"username\">User name</label><input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" autofocus>");
        html.Append("<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">");
        html.Append("<button type=\"submit\">Sign in</button></form>");
        return Close(html);
    }

    public static string Consent(
        string applicationName, string userName, IEnumerable<string> scopes, IEnumerable<KeyValuePair<string, string>> parameters,
        string antiforgeryField, string antiforgeryToken)
    {
        var html = new StringBuilder();
        Open(html, "Demo identity provider · Allow access");
        html.Append("<h1>Allow access?</h1><p><strong>").Append(E(applicationName)).Append("</strong> asks to sign you in as <strong>")
            .Append(E(userName)).Append("</strong> and asks to:</p><ul>");
        foreach (var scope in scopes)
        {
            html.Append("<li title=\"").Append(E(scope)).Append("\">").Append(E(ScopeWords.Describe(scope))).Append("</li>");
        }

        html.Append("</ul><form method=\"post\" action=\"/connect/authorize\">");
        Hidden(html, antiforgeryField, antiforgeryToken);
        foreach (var (name, value) in parameters)
        {
            Hidden(html, name, value);
        }

        html.Append("<button type=\"submit\" name=\"decision\" value=\"accept\">Allow</button>");
        html.Append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button></form>");
        return Close(html);
    }

    /// <summary>Signing out ends the user's session here and, through the back channel, in the app too; a form, so no link can do it.</summary>
    public static string SignOut(string userName, IEnumerable<KeyValuePair<string, string>> parameters, string antiforgeryField, string antiforgeryToken)
    {
        var html = new StringBuilder();
        Open(html, "Demo identity provider · Sign out");
        html.Append("<h1>Sign out?</h1><p>You are signed in as <strong>").Append(E(userName))
            .Append("</strong>. Signing out here also signs you out of every app you signed in to with this session.</p>");
        html.Append("<form method=\"post\" action=\"/connect/logout\">");
        Hidden(html, antiforgeryField, antiforgeryToken);
        foreach (var (name, value) in parameters)
        {
            Hidden(html, name, value);
        }

        html.Append("<button type=\"submit\">Sign out</button></form>");
        return Close(html);
    }

    public static string SignedOut()
    {
        var html = new StringBuilder();
        Open(html, "Demo identity provider · Signed out");
        html.Append("<h1>Signed out</h1><p>You are signed out of the demo identity provider.</p>");
        return Close(html);
    }

    /// <summary>The demo provider's mark for the app's sign-in buttons: a key on a rounded square.</summary>
    public const string Logo =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"48\" height=\"48\" viewBox=\"0 0 48 48\">" +
        "<rect width=\"48\" height=\"48\" rx=\"10\" fill=\"#5b3fc4\"/>" +
        "<circle cx=\"17\" cy=\"24\" r=\"7\" fill=\"none\" stroke=\"#fff\" stroke-width=\"4\"/>" +
        "<path d=\"M24 24h16M34 24v7M40 24v5\" stroke=\"#fff\" stroke-width=\"4\" stroke-linecap=\"round\"/></svg>";

    /// <summary>
    /// A picture for each user (a figure on their own colour), so the app has a provider's picture to show without the
    /// internet, and one that does not look like the initial the app falls back to.
    /// </summary>
    public static string Avatar(DemoUser user) =>
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"96\" viewBox=\"0 0 96 96\">" +
        $"<rect width=\"96\" height=\"96\" fill=\"{E(user.Color)}\"/>" +
        "<circle cx=\"48\" cy=\"38\" r=\"17\" fill=\"#fff\" fill-opacity=\"0.9\"/>" +
        "<path d=\"M14 96c2-20 16-32 34-32s32 12 34 32z\" fill=\"#fff\" fill-opacity=\"0.9\"/></svg>";

    private static void Open(StringBuilder html, string title) =>
        html.Append(HtmlOpen).Append("<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
            .Append(E(title)).Append("</title><style>").Append(Style).Append("</style></head><body><main>");

    private static string Close(StringBuilder html) => html.Append("</main></body></html>").ToString();

    private static void Hidden(StringBuilder html, string name, string value) =>
        html.Append("<input type=\"hidden\" name=\"").Append(E(name)).Append("\" value=\"").Append(E(value)).Append("\">");

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
