using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;

namespace BlazorAuth.Tests.Auth.Sessions;

public sealed class SessionCookieStoreTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly EphemeralDataProtectionProvider _keys = new();
    private readonly SessionCookieStore _store;

    public SessionCookieStoreTests() => _store = new SessionCookieStore(_keys, _time);

    [Fact]
    public void The_cookie_names_the_session_and_nothing_more()
    {
        var written = Write(Cookie(), []);
        var cookie = Assert.Single(written);
        Assert.Equal("__Host-p-session", cookie.Name.Value);
        Assert.InRange(cookie.Value.Length, 1, 400);

        var read = _store.Read(Request(written), "p");
        Assert.Equal(Cookie(), read);
        Assert.Null(read!.Legacy);
    }

    [Fact]
    public void A_chunked_cookie_of_an_earlier_version_is_read_with_its_tokens_and_replaced_by_one_small_cookie()
    {
        var legacy = LegacyChunks(claims: 120);
        var read = _store.Read(Request(legacy), "p");
        Assert.NotNull(read);
        Assert.Equal("session-1", read.SessionId);
        Assert.Equal("refresh-1", read.Legacy!.ProviderToken);
        Assert.Equal(120, read.Legacy.Profile.Claims.Count);

        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", legacy.Select(c => $"{c.Name}={c.Value}"));
        _store.ReplaceLegacy(context, read);
        var written = SetCookieHeaderValue.ParseList(context.Response.Headers.SetCookie.Select(v => v!).ToList());
        Assert.Contains(written, c => c.Name.Value == "__Host-p-session" && !CookieAssert.IsDeletion(c));
        Assert.Contains(written, c => c.Name.Value == "__Host-p-session-0" && CookieAssert.IsDeletion(c));
        Assert.Contains(written, c => c.Name.Value == "__Host-p-session-1" && CookieAssert.IsDeletion(c));
        Assert.Null(_store.Read(Request(written), "p")!.Legacy);
    }

    [Fact]
    public void An_expired_cookie_or_one_for_another_provider_reads_as_no_session()
    {
        var written = Write(Cookie(), []);
        Assert.Null(_store.Read(Request(written), "other"));

        _time.Advance(TimeSpan.FromDays(2));
        Assert.Null(_store.Read(Request(written), "p"));
    }

    [Fact]
    public void A_cookie_from_another_key_ring_is_no_session()
    {
        var foreign = new SessionCookieStore(new EphemeralDataProtectionProvider(), _time);
        var context = new DefaultHttpContext();
        foreign.Write(context, Cookie());
        var written = SetCookieHeaderValue.ParseList(context.Response.Headers.SetCookie.Select(v => v!).ToList());
        Assert.Null(_store.Read(Request(written), "p"));
    }

    private IList<SetCookieHeaderValue> Write(SessionCookie cookie, Dictionary<string, string> present)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", present.Select(c => $"{c.Key}={c.Value}"));
        _store.Write(context, cookie);
        return SetCookieHeaderValue.ParseList(context.Response.Headers.SetCookie.Select(v => v!).ToList());
    }

    private static HttpRequest Request(IEnumerable<SetCookieHeaderValue> cookies)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", cookies.Where(c => !CookieAssert.IsDeletion(c)).Select(c => $"{c.Name}={c.Value}"));
        return context.Request;
    }

    private SessionCookie Cookie() => new("p", "session-1", _time.GetUtcNow().AddDays(1));

    /// <summary>A session cookie as versions before server-side sessions wrote it: the tokens sealed, in 4000-character chunks.</summary>
    private List<SetCookieHeaderValue> LegacyChunks(int claims)
    {
        var record = new LegacySessionRecord(
            "p", "session-1", "refresh-1", false, "openid",
            new UserProfile("sub-1", "https://idp.example.com", "client", "a@example.test", "A", null,
                [.. Enumerable.Range(0, claims).Select(i => new KeyValuePair<string, string>($"claim-{i}", Convert.ToBase64String(Guid.NewGuid().ToByteArray())))]),
            _time.GetUtcNow().AddDays(1),
            null);
        var sealedValue = LegacyCookies.Seal(_keys, record);
        return [.. sealedValue.Chunk(4000).Select((chunk, i) => new SetCookieHeaderValue($"__Host-p-session-{i}", new string(chunk)))];
    }
}

/// <summary>Seals a session cookie the way versions before server-side sessions did, to prove their sessions carry on.</summary>
internal static class LegacyCookies
{
    public static string Seal(IDataProtectionProvider keys, LegacySessionRecord record) =>
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(keys.CreateProtector("BlazorAuth.Session.v1").Protect(
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(record, BlazorAuth.Auth.AuthJsonContext.Default.LegacySessionRecord)));
}
