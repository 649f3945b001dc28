using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>Starts, renews and carries on sessions: the session cookie and the registry, from what a provider vouched for.</summary>
internal sealed class SessionStarter(
    SessionCookieStore cookies,
    SessionRegistry sessions,
    AuthProviderRegistry registry,
    TimeProvider time,
    IOptions<AuthOptions> options)
{
    /// <summary>
    /// A new session replaces any the browser had, with this provider or another (no fixation). A profile or session
    /// too large to keep is refused before anything is ended or written.
    /// </summary>
    public async Task<SessionUpdate> StartAsync(HttpContext context, string providerId, ProviderSignIn signIn)
    {
        signIn = signIn with { Profile = ProfileBounds.Apply(signIn.Profile) };
        var record = RecordOf(providerId, RandomIds.New(), time.GetUtcNow() + options.Value.SessionLifetime, signIn);
        var sealedSession = cookies.Seal(record);

        foreach (var earlier in SessionCookieStore.ProvidersWithCookie(context.Request.Cookies, registry.All.Select(p => p.Id)))
        {
            if (cookies.Read(context.Request, earlier) is { } replaced)
            {
                await sessions.EndAsync(replaced.SessionId, context.RequestAborted);
            }

            if (earlier != providerId)
            {
                SessionCookieStore.Clear(context, earlier);
            }
        }

        cookies.Write(context, sealedSession);
        await sessions.RegisterAsync(record, context.Request.Headers.UserAgent.ToString(), signIn.Tokens.IdToken, context.RequestAborted);
        return new SessionUpdate(record, signIn);
    }

    /// <summary>
    /// A silent renewal of a session that lives on its access token: when the browser's session with this provider is
    /// live and the provider signed the same user in again, that session goes on (same id, same absolute expiry) with
    /// the new access token, so no page of the browser sees its session end in between. Anything else starts anew.
    /// </summary>
    public async Task<SessionUpdate> RenewSilentlyAsync(HttpContext context, string providerId, ProviderSignIn signIn)
    {
        var bounded = signIn with { Profile = ProfileBounds.Apply(signIn.Profile) };
        if (cookies.Read(context.Request, providerId) is not { } current
            || current.Profile.Subject != bounded.Profile.Subject || current.Profile.Issuer != bounded.Profile.Issuer
            || !await sessions.TouchAsync(current.SessionId, context.RequestAborted))
        {
            return await StartAsync(context, providerId, signIn);
        }

        var renewed = RecordOf(providerId, current.SessionId, current.ExpiresAt, bounded);
        cookies.Write(context, cookies.Seal(renewed));
        return new SessionUpdate(renewed, bounded);
    }

    /// <summary>What a sign-in's tokens make of a session: a provider that gave no refresh token leaves its access token.</summary>
    private SessionRecord RecordOf(string providerId, string sessionId, DateTimeOffset expiresAt, ProviderSignIn signIn) => new(
        providerId,
        sessionId,
        signIn.Tokens.RefreshToken ?? signIn.Tokens.AccessToken,
        HoldsAccessToken: signIn.Tokens.RefreshToken is null,
        signIn.Tokens.Scope,
        signIn.Profile,
        expiresAt,
        signIn.Tokens.RefreshToken is null && signIn.Tokens.ExpiresIn is { } lifetime ? time.GetUtcNow() + lifetime : null);

    /// <summary>Keeps the session's identity and expiry; rewrites the cookie only when its content changed (rotation).</summary>
    public SessionUpdate Renew(HttpContext context, SessionRecord record, ProviderSignIn signIn)
    {
        signIn = signIn with { Profile = ProfileBounds.Apply(signIn.Profile) };
        var renewed = record with
        {
            ProviderToken = record.HoldsAccessToken ? record.ProviderToken : signIn.Tokens.RefreshToken ?? record.ProviderToken,
            Scope = signIn.Tokens.Scope,
            Profile = signIn.Profile,
        };
        if (renewed.ProviderToken != record.ProviderToken || renewed.Scope != record.Scope || !SameProfile(renewed.Profile, record.Profile))
        {
            cookies.Write(context, renewed);
        }

        return new SessionUpdate(renewed, signIn);
    }

    private static bool SameProfile(UserProfile a, UserProfile b) =>
        a.Subject == b.Subject && a.Email == b.Email && a.DisplayName == b.DisplayName && a.Picture == b.Picture
        && a.Claims.SequenceEqual(b.Claims);
}

/// <summary>A session as it now is, with the sign-in or renewal that made it so.</summary>
internal sealed record SessionUpdate(SessionRecord Record, ProviderSignIn SignIn);
