using BlazorAuth.Auth.Errors;
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
    private readonly SessionCookieStore _store;

    public SessionCookieStoreTests() => _store = new SessionCookieStore(new EphemeralDataProtectionProvider(), _time);

    [Fact]
    public void A_record_too_big_for_one_cookie_is_chunked_and_read_back_whole()
    {
        var record = Record(claims: 120);
        var written = Write(record, []);
        var names = written.Select(c => c.Name.Value).ToList();
        Assert.Contains("__Host-p-session-0", names);
        Assert.Contains("__Host-p-session-1", names);
        Assert.All(written, c => Assert.True(c.Value.Length <= 4000));

        var read = _store.Read(Request(written), "p");
        Assert.NotNull(read);
        Assert.Equal(record.Profile.Claims.Count, read.Profile.Claims.Count);
        Assert.Equal("refresh-1", read.ProviderToken);
    }

    [Fact]
    public void A_smaller_record_replaces_the_chunks_and_clears_the_stale_ones()
    {
        var chunked = Write(Record(claims: 120), []);
        var present = chunked.ToDictionary(c => c.Name.Value!, c => c.Value.Value!);

        var written = Write(Record(claims: 0), present);
        Assert.Contains(written, c => c.Name.Value == "__Host-p-session" && !CookieAssert.IsDeletion(c));
        Assert.Contains(written, c => c.Name.Value == "__Host-p-session-0" && CookieAssert.IsDeletion(c));
        Assert.Contains(written, c => c.Name.Value == "__Host-p-session-1" && CookieAssert.IsDeletion(c));
    }

    [Fact]
    public void A_record_no_browser_could_keep_is_refused_rather_than_written_unreadable()
    {
        var context = new DefaultHttpContext();
        var error = Assert.Throws<AuthFlowException>(() => _store.Write(context, Record(claims: 2000)));
        Assert.Equal(AuthError.SessionTooLarge, error.Error);
        Assert.Equal(0, context.Response.Headers.SetCookie.Count);
    }

    [Fact]
    public void An_expired_record_or_one_for_another_provider_reads_as_no_session()
    {
        var written = Write(Record(claims: 0), []);
        Assert.Null(_store.Read(Request(written), "other"));

        _time.Advance(TimeSpan.FromDays(2));
        Assert.Null(_store.Read(Request(written), "p"));
    }

    [Fact]
    public void A_cookie_from_another_key_ring_is_no_session()
    {
        var foreign = new SessionCookieStore(new EphemeralDataProtectionProvider(), _time);
        var context = new DefaultHttpContext();
        foreign.Write(context, Record(claims: 0));
        var written = SetCookieHeaderValue.ParseList(context.Response.Headers.SetCookie.Select(v => v!).ToList());
        Assert.Null(_store.Read(Request(written), "p"));
    }

    private IList<SetCookieHeaderValue> Write(SessionRecord record, Dictionary<string, string> present)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", present.Select(c => $"{c.Key}={c.Value}"));
        _store.Write(context, record);
        return SetCookieHeaderValue.ParseList(context.Response.Headers.SetCookie.Select(v => v!).ToList());
    }

    private static HttpRequest Request(IEnumerable<SetCookieHeaderValue> cookies)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", cookies.Where(c => !CookieAssert.IsDeletion(c)).Select(c => $"{c.Name}={c.Value}"));
        return context.Request;
    }

    private SessionRecord Record(int claims) => new(
        "p",
        "session-1",
        "refresh-1",
        false,
        "openid",
        new UserProfile("sub-1", "https://idp.example.com", "client", "a@example.test", "A", null,
            [.. Enumerable.Range(0, claims).Select(i => new KeyValuePair<string, string>($"claim-{i}", Convert.ToBase64String(Guid.NewGuid().ToByteArray())))]),
        _time.GetUtcNow().AddDays(1),
        null);
}
