using BlazorAuth.Auth.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Keeps <c>__Host-{p}-session</c>: the session's id, sealed with Data Protection, and nothing secret besides. A copy of
/// the cookie names the session as it now is in the store; it holds no token to spend, however old it is.
/// </summary>
/// <remarks>
/// Cookies of earlier versions held the tokens themselves, split into <c>-0</c>, <c>-1</c>… chunks when large. They are
/// still read (<see cref="SessionCookie.Legacy"/>), so that their sessions carry on, and replaced by the small cookie
/// at the next answer that writes one.
/// </remarks>
internal sealed class SessionCookieStore(IDataProtectionProvider dataProtection, TimeProvider time)
{
    private const int LegacyChunkSize = 4000;
    private const int LegacyMaxChunks = 3;

    private readonly PayloadProtector<SessionCookie> _protector =
        new(dataProtection, "BlazorAuth.SessionCookie.v2", AuthJsonContext.Default.SessionCookie, 1024);

    private readonly PayloadProtector<LegacySessionRecord> _legacy =
        new(dataProtection, "BlazorAuth.Session.v1", AuthJsonContext.Default.LegacySessionRecord, LegacyChunkSize * LegacyMaxChunks);

    public static string Name(string providerId) => $"__Host-{providerId}-session";

    /// <summary>The provider ids for which the request carries a session cookie; no crypto, cheap per request.</summary>
    public static IEnumerable<string> ProvidersWithCookie(IRequestCookieCollection cookies, IEnumerable<string> providerIds) =>
        providerIds.Where(id => cookies.ContainsKey(Name(id)) || cookies.ContainsKey(Name(id) + "-0"));

    /// <summary>The session the cookie names, if this server sealed it for this provider and it has not run out.</summary>
    public SessionCookie? Read(HttpRequest request, string providerId)
    {
        var raw = ReadRaw(request.Cookies, Name(providerId));
        var cookie = _protector.Unprotect(raw);
        if (cookie is null && _legacy.Unprotect(raw) is { } legacy)
        {
            cookie = new SessionCookie(legacy.ProviderId, legacy.SessionId, legacy.ExpiresAt) { Legacy = legacy };
        }

        return cookie is not null && cookie.ProviderId == providerId && cookie.ExpiresAt > time.GetUtcNow() ? cookie : null;
    }

    public void Write(HttpContext context, SessionCookie cookie)
    {
        var name = Name(cookie.ProviderId);
        context.Response.Cookies.Append(name, _protector.Protect(cookie), AuthCookies.Options(cookie.ExpiresAt - time.GetUtcNow()));
        DeleteLegacyChunks(context, name);
    }

    /// <summary>Replaces a cookie of an earlier version, whose tokens are in the store now, with the small one.</summary>
    public void ReplaceLegacy(HttpContext context, SessionCookie cookie)
    {
        if (cookie.Legacy is not null && !context.Response.HasStarted)
        {
            Write(context, cookie with { Legacy = null });
        }
    }

    /// <summary>Deletes the session cookie and any chunks an earlier version left, with the attributes they were set with.</summary>
    public static void Clear(HttpContext context, string providerId)
    {
        var name = Name(providerId);
        context.Response.Cookies.Delete(name, AuthCookies.Options(null));
        DeleteLegacyChunks(context, name);
    }

    private static void DeleteLegacyChunks(HttpContext context, string name)
    {
        var present = PresentChunks(context.Request.Cookies, name);
        for (var i = 0; i < present; i++)
        {
            context.Response.Cookies.Delete($"{name}-{i}", AuthCookies.Options(null));
        }
    }

    private static string? ReadRaw(IRequestCookieCollection cookies, string name)
    {
        if (cookies.TryGetValue(name, out var whole))
        {
            return whole;
        }

        var count = PresentChunks(cookies, name);
        return count == 0 ? null : string.Concat(Enumerable.Range(0, count).Select(i => cookies[$"{name}-{i}"]));
    }

    private static int PresentChunks(IRequestCookieCollection cookies, string name)
    {
        var count = 0;
        while (count < LegacyMaxChunks && cookies.ContainsKey($"{name}-{count}"))
        {
            count++;
        }

        return count;
    }
}

/// <summary>What the session cookie seals: which session, of which provider, until when at the latest.</summary>
internal sealed record SessionCookie(string ProviderId, string SessionId, DateTimeOffset ExpiresAt)
{
    /// <summary>The tokens a cookie of an earlier version carried, for moving them into the store; never sealed again.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LegacySessionRecord? Legacy { get; init; }
}
