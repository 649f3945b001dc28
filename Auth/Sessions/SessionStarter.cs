using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>Starts sessions and carries them on after a silent sign-in: the record in the registry, its id in the cookie.</summary>
internal sealed class SessionStarter(
    SessionCookieStore cookies,
    SessionRegistry sessions,
    AuthProviderRegistry registry,
    SessionProfiles profiles,
    TimeProvider time,
    IOptions<AuthOptions> options)
{
    /// <summary>
    /// A new session replaces any the browser had, with this provider or another (no fixation). What the provider sent
    /// is recorded before anything is ended, so a sign-in too large to keep ends nothing.
    /// </summary>
    public async Task<LiveSession> StartAsync(HttpContext context, string providerId, ProviderSignIn signIn)
    {
        signIn = signIn with { Profile = profiles.Bound(providerId, signIn.Profile) };
        var session = await sessions.StartAsync(
            providerId, signIn, time.GetUtcNow() + options.Value.SessionLifetime, context.Request.Headers.UserAgent.ToString(), context.RequestAborted);

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

        cookies.Write(context, new SessionCookie(providerId, session.SessionId, session.Stored.AbsoluteExpiry));
        LastProviderCookie.Write(context, providerId);
        return session;
    }

    /// <summary>
    /// A silent renewal of a session that lives on its access token: when the browser's session with this provider is
    /// live and the provider signed the same user in again, that session goes on (same id, same absolute expiry) with
    /// the new tokens, so no page of the browser sees its session end in between. Anything else starts anew.
    /// </summary>
    public async Task<LiveSession> RenewSilentlyAsync(HttpContext context, string providerId, ProviderSignIn signIn)
    {
        var bounded = signIn with { Profile = profiles.Bound(providerId, signIn.Profile) };
        var cookie = cookies.Read(context.Request, providerId);
        for (var attempt = 0; cookie is not null && attempt < 3; attempt++)
        {
            if (await sessions.FindAsync(cookie, context.RequestAborted) is not { } current
                || current.Profile.Subject != bounded.Profile.Subject || current.Profile.Issuer != bounded.Profile.Issuer)
            {
                break;
            }

            var tokens = bounded.Tokens;
            var now = time.GetUtcNow();
            var renewed = await sessions.TryReplaceAsync(
                current,
                current.Stored with
                {
                    Generation = current.Stored.Generation + 1,
                    LastSeen = now,
                    AccessTokenIssuedAt = now,
                    AccessTokenExpiresAt = now + tokens.ExpiresIn,
                },
                new SessionSecrets(tokens.RefreshToken, tokens.AccessToken, tokens.IdToken ?? current.Secrets.IdToken, tokens.Scope, bounded.Profile),
                context.RequestAborted);
            if (renewed is not null)
            {
                cookies.ReplaceLegacy(context, cookie);
                return renewed;
            }
        }

        return await StartAsync(context, providerId, signIn);
    }
}
