using Microsoft.Net.Http.Headers;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The browser's cookies for the app, kept by hand: HttpClient will not send Secure cookies over plain http,
/// and the tests want to see every Set-Cookie exactly as the app wrote it.
/// </summary>
public sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public string? this[string name] => _cookies.GetValueOrDefault(name);

    public void Set(string name, string value) => _cookies[name] = value;

    public void Remove(string name) => _cookies.Remove(name);

    /// <summary>Another browser (a thief, another tab) given these cookies as they are now.</summary>
    public void CopyTo(CookieJar other)
    {
        foreach (var (name, value) in _cookies)
        {
            other.Set(name, value);
        }
    }

    /// <summary>Applies a response's Set-Cookie headers and returns them parsed.</summary>
    public IList<SetCookieHeaderValue> Apply(HttpResponseMessage response)
    {
        var setCookies = SetCookies(response);
        foreach (var cookie in setCookies)
        {
            var deleted = cookie.Expires is { } expires && expires < DateTimeOffset.UtcNow || cookie.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero;
            if (deleted || cookie.Value.Length == 0)
            {
                _cookies.Remove(cookie.Name.Value!);
            }
            else
            {
                _cookies[cookie.Name.Value!] = cookie.Value.Value!;
            }
        }

        return setCookies;
    }

    public void AddTo(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
    }

    public static IList<SetCookieHeaderValue> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? SetCookieHeaderValue.ParseList(values.ToList()) : [];
}
