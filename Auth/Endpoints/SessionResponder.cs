using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>Writes the session cookie and builds the session answer shared by the frame page and /refresh.</summary>
public sealed class SessionResponder(
    SessionCookieStore cookies,
    SessionTicketService tickets,
    SessionRegistry sessions,
    AuthProviderRegistry registry,
    TimeProvider time,
    IOptions<AuthOptions> options)
{
    /// <summary>
    /// A new session replaces any the browser had, with this provider or another (no fixation). A profile or session
    /// too large to keep is refused before anything is ended or written.
    /// </summary>
    public async Task<SessionResponse> StartAsync(HttpContext context, string providerId, ProviderSignIn signIn)
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
        return Respond(record, signIn);
    }

    /// <summary>
    /// A silent renewal of a session that lives on its access token: when the browser's session with this provider is
    /// live and the provider signed the same user in again, that session goes on (same id, same absolute expiry) with
    /// the new access token, so no page of the browser sees its session end in between. Anything else starts anew.
    /// </summary>
    public async Task<SessionResponse> RenewSilentlyAsync(HttpContext context, string providerId, ProviderSignIn signIn)
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
        return Respond(renewed, bounded);
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
    public SessionResponse Renew(HttpContext context, SessionRecord record, ProviderSignIn signIn)
    {
        signIn = signIn with { Profile = ProfileBounds.Apply(signIn.Profile) };
        var renewed = record with
        {
            RefreshToken = record.HoldsAccessToken ? record.RefreshToken : signIn.Tokens.RefreshToken ?? record.RefreshToken,
            Scope = signIn.Tokens.Scope,
            Profile = signIn.Profile,
        };
        if (renewed.RefreshToken != record.RefreshToken || renewed.Scope != record.Scope || !SameProfile(renewed.Profile, record.Profile))
        {
            cookies.Write(context, renewed);
        }

        return Respond(renewed, signIn);
    }

    /// <summary>A session whose provider renews nothing goes on as it is, to its own lifetime.</summary>
    public static ProviderSignIn Unrenewed(SessionRecord record) =>
        new(new ProviderTokens(record.HoldsAccessToken ? record.RefreshToken : "", null, null, record.Scope, null), record.Profile);

    private SessionResponse Respond(SessionRecord record, ProviderSignIn signIn)
    {
        var now = time.GetUtcNow();

        // A session that holds a long-lived access token renews nothing, so its lifetime is the one recorded at sign-in.
        var expiresIn = signIn.Tokens.ExpiresIn
            ?? (record.AccessTokenExpiresAt is { } expiresAt && expiresAt > now ? expiresAt - now : null);
        var idToken = signIn.Tokens.IdToken;
        var user = new SignedInUser(
            record.ProviderId, record.SessionId, record.Profile, expiresIn is null ? null : now + expiresIn.Value,
            idToken is null ? null : SignedInUser.HashOf(idToken), record.HoldsAccessToken);
        var profile = record.Profile;
        return new SessionResponse(
            new ProviderInfoMessage(signIn.Tokens.AccessToken, signIn.Tokens.IdToken, signIn.Tokens.Scope, expiresIn is null ? null : (int)expiresIn.Value.TotalSeconds),
            new ProfileMessage(profile.Email, profile.DisplayName, profile.Picture),
            new SessionMessage(tickets.Issue(user), (int)SessionTicketService.Lifetime.TotalSeconds));
    }

    private static bool SameProfile(UserProfile a, UserProfile b) =>
        a.Subject == b.Subject && a.Email == b.Email && a.DisplayName == b.DisplayName && a.Picture == b.Picture
        && a.Claims.SequenceEqual(b.Claims);
}
