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
        var callback = await SignInToCallbackAsync(authorizeUrl, userName, password, allow);
        return callback.Form is null ? callback.Url : throw new InvalidOperationException("The provider answered with a form post, not a redirect.");
    }

    /// <summary>The provider's answer to the app's callback, a redirect or (<c>response_mode=form_post</c>) the form it auto-posts.</summary>
    public async Task<ProviderCallback> SignInToCallbackAsync(Uri authorizeUrl, string userName = "alice", string password = "wonderland", bool allow = true)
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
                    return new ProviderCallback(next, null);
                }

                location = next;
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            if (FormPostOf(html) is { } formPost)
            {
                return formPost;
            }

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
            if (post.StatusCode == HttpStatusCode.OK && FormPostOf(await post.Content.ReadAsStringAsync()) is { } posted)
            {
                return posted;
            }

            if (post.StatusCode != HttpStatusCode.Redirect && post.StatusCode != HttpStatusCode.Found)
            {
                throw new InvalidOperationException($"Form post answered {(int)post.StatusCode}: {await post.Content.ReadAsStringAsync()}");
            }

            location = new Uri(location, post.Headers.Location!);
            if (location.AbsolutePath.EndsWith("/handler/frame", StringComparison.Ordinal))
            {
                return new ProviderCallback(location, null);
            }
        }

        throw new InvalidOperationException("The demo provider never redirected back to the app.");
    }

    private ProviderCallback? FormPostOf(string html)
    {
        var form = _parser.ParseDocument(html).QuerySelector("form[method=post]");
        var action = form?.GetAttribute("action");
        return action is not null && action.EndsWith("/handler/frame", StringComparison.Ordinal)
            ? new ProviderCallback(new Uri(action), [.. form!.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))])
            : null;
    }
}

/// <summary>How the provider sends the browser back: a redirect to <see cref="Url"/>, or its form posted there.</summary>
public sealed record ProviderCallback(Uri Url, IReadOnlyList<KeyValuePair<string, string>>? Form)
{
    /// <summary>The browser's request to the app's callback.</summary>
    public Task<HttpResponseMessage> SendAsync(AppClient client) => Form is null
        ? client.GetAsync(Url.PathAndQuery)
        : client.PostAsync(Url.PathAndQuery, request => request.Content = new FormUrlEncodedContent(Form));

    public string? this[string name] => Form is null ? System.Web.HttpUtility.ParseQueryString(Url.Query)[name] : Form.FirstOrDefault(f => f.Key == name).Value;
}
