using BlazorAuth.Auth.Sessions;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>The session answer the frame page posts and /refresh returns: tokens and profile to show, and a single-use ticket.</summary>
internal sealed class SessionAnswer(SessionTicketService tickets, TimeProvider time)
{
    public SessionResponse For(SessionUpdate update)
    {
        var (record, signIn) = update;
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
}
