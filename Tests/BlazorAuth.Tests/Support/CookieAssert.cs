using Microsoft.Net.Http.Headers;

namespace BlazorAuth.Tests.Support;

internal static class CookieAssert
{
    /// <summary>In docs/threat-model.md, case 40: every cookie under /auth has the __Host- shape.</summary>
    public static void AllHostCookies(HttpResponseMessage response)
    {
        foreach (var cookie in CookieJar.SetCookies(response))
        {
            Assert.StartsWith("__Host-", cookie.Name.Value);
            Assert.True(cookie.Secure, $"{cookie.Name} is not Secure");
            Assert.True(cookie.HttpOnly, $"{cookie.Name} is not HttpOnly");
            Assert.Equal(SameSiteMode.Lax, cookie.SameSite);
            Assert.Equal("/", cookie.Path.Value);
            Assert.True(cookie.Domain.Value is null, $"{cookie.Name} has a Domain");
        }
    }

    /// <summary>"Nothing stored": the binding cookie deleted, and no other cookie touched.</summary>
    public static void NothingStored(HttpResponseMessage response, string provider)
    {
        var cookie = Assert.Single(CookieJar.SetCookies(response));
        Assert.Equal($"__Host-{provider}-nonce", cookie.Name.Value);
        Assert.True(IsDeletion(cookie), $"{cookie.Name} was set, not deleted");
        Assert.Equal("/", cookie.Path.Value);
        Assert.True(cookie.Secure, "the deletion must carry the __Host- attributes or the browser ignores it");
    }

    public static bool IsDeletion(SetCookieHeaderValue cookie) =>
        cookie.Value.Length == 0 && cookie.Expires is { } expires && expires < DateTimeOffset.UtcNow;

    public static SetCookieHeaderValue? Find(HttpResponseMessage response, string name) =>
        CookieJar.SetCookies(response).FirstOrDefault(c => c.Name.Value == name);
}
