using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// Keeps a <see cref="SessionRecord"/> in <c>__Host-{p}-session</c>, sealed with Data Protection and
/// split into <c>-0</c>, <c>-1</c>… chunks when it outgrows one cookie. At most <see cref="MaxChunks"/> chunks:
/// 12 KB, well below the 32 KB of request headers Kestrel accepts, so a session never locks its browser out.
/// </summary>
internal sealed class SessionCookieStore(IDataProtectionProvider dataProtection, TimeProvider time)
{
    internal const int ChunkSize = 4000;
    internal const int MaxChunks = 3;

    private readonly PayloadProtector<SessionRecord> _protector =
        new(dataProtection, "BlazorAuth.Session.v1", AuthJsonContext.Default.SessionRecord, ChunkSize * MaxChunks);

    public static string Name(string providerId) => $"__Host-{providerId}-session";

    /// <summary>The provider ids for which the request carries a session cookie; no crypto, cheap per request.</summary>
    public static IEnumerable<string> ProvidersWithCookie(IRequestCookieCollection cookies, IEnumerable<string> providerIds) =>
        providerIds.Where(id => cookies.ContainsKey(Name(id)) || cookies.ContainsKey(Name(id) + "-0"));

    public SessionRecord? Read(HttpRequest request, string providerId)
    {
        var record = _protector.Unprotect(ReadRaw(request.Cookies, Name(providerId)));
        return record is not null && record.ProviderId == providerId && record.ExpiresAt > time.GetUtcNow() ? record : null;
    }

    /// <summary>The record sealed for its cookie; throws <see cref="AuthError.SessionTooLarge"/> when no browser could send it back.</summary>
    public SealedSession Seal(SessionRecord record)
    {
        var value = _protector.Protect(record);
        return value.Length <= ChunkSize * MaxChunks ? new SealedSession(record, value) : throw new AuthFlowException(AuthError.SessionTooLarge);
    }

    public void Write(HttpContext context, SessionRecord record) => Write(context, Seal(record));

    public void Write(HttpContext context, SealedSession session)
    {
        var (record, value) = session;
        var name = Name(record.ProviderId);
        var options = AuthCookies.Options(record.ExpiresAt - time.GetUtcNow());
        var present = PresentChunks(context.Request.Cookies, name);

        if (value.Length <= ChunkSize)
        {
            context.Response.Cookies.Append(name, value, options);
            for (var i = 0; i < present; i++)
            {
                context.Response.Cookies.Delete($"{name}-{i}", AuthCookies.Options(null));
            }

            return;
        }

        var count = (value.Length + ChunkSize - 1) / ChunkSize;
        for (var i = 0; i < count; i++)
        {
            context.Response.Cookies.Append($"{name}-{i}", value.Substring(i * ChunkSize, Math.Min(ChunkSize, value.Length - (i * ChunkSize))), options);
        }

        for (var i = count; i < present; i++)
        {
            context.Response.Cookies.Delete($"{name}-{i}", AuthCookies.Options(null));
        }

        if (context.Request.Cookies.ContainsKey(name))
        {
            context.Response.Cookies.Delete(name, AuthCookies.Options(null));
        }
    }

    /// <summary>Deletes the session cookie and all its chunks, with the attributes they were set with.</summary>
    public static void Clear(HttpContext context, string providerId)
    {
        var name = Name(providerId);
        context.Response.Cookies.Delete(name, AuthCookies.Options(null));
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
        if (count == 0)
        {
            return null;
        }

        return string.Concat(Enumerable.Range(0, count).Select(i => cookies[$"{name}-{i}"]));
    }

    private static int PresentChunks(IRequestCookieCollection cookies, string name)
    {
        var count = 0;
        while (count < MaxChunks && cookies.ContainsKey($"{name}-{count}"))
        {
            count++;
        }

        return count;
    }
}

/// <summary>A session record and its sealed cookie value, known to fit.</summary>
internal sealed record SealedSession(SessionRecord Record, string Value);
