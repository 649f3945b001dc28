using System.Net;
using AngleSharp.Html.Parser;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// Plays the user at the demo provider over real HTTP: follows the authorize URL, signs in on the login
/// page, allows on the consent page, and hands back the provider's redirect to the app's callback.
/// </summary>
public sealed class DemoIdpDriver
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
    private readonly HtmlParser _parser = new();

    /// <summary>Follows the provider's redirects from <paramref name="url"/>; the first URL off the provider, or where it stops.</summary>
    public async Task<Uri> FollowAsync(Uri url)
    {
        var location = url;
        for (var step = 0; step < 10; step++)
        {
            using var response = await _http.GetAsync(location);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                return location;
            }

            var next = new Uri(location, response.Headers.Location!);
            if (next.Authority != url.Authority)
            {
                return next;
            }

            location = next;
        }

        throw new InvalidOperationException("The demo provider redirected too often.");
    }

    /// <summary>The URL the provider redirects the popup to (the app's /handler/frame with code, state, iss).</summary>
    public async Task<Uri> SignInAsync(Uri authorizeUrl, string userName = "alice", string password = "wonderland", bool allow = true)
    {
        var location = authorizeUrl;
        for (var step = 0; step < 10; step++)
        {
            var response = await _http.GetAsync(location);
            if (response.StatusCode == HttpStatusCode.Redirect || response.StatusCode == HttpStatusCode.Found)
            {
                var next = new Uri(location, response.Headers.Location!);
                if (next.AbsolutePath.EndsWith("/handler/frame", StringComparison.Ordinal))
                {
                    return next;
                }

                location = next;
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            var form = _parser.ParseDocument(html).QuerySelector("form") ?? throw new InvalidOperationException($"No form at {location}: {html}");
            var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
            if (form.GetAttribute("action") == "/login")
            {
                fields.Add(new("username", userName));
                fields.Add(new("password", password));
            }
            else
            {
                fields.Add(new("decision", allow ? "accept" : "deny"));
            }

            var post = await _http.PostAsync(new Uri(location, form.GetAttribute("action")), new FormUrlEncodedContent(fields));
            if (post.StatusCode != HttpStatusCode.Redirect && post.StatusCode != HttpStatusCode.Found)
            {
                throw new InvalidOperationException($"Form post answered {(int)post.StatusCode}: {await post.Content.ReadAsStringAsync()}");
            }

            location = new Uri(location, post.Headers.Location!);
            if (location.AbsolutePath.EndsWith("/handler/frame", StringComparison.Ordinal))
            {
                return location;
            }
        }

        throw new InvalidOperationException("The demo provider never redirected back to the app.");
    }
}
