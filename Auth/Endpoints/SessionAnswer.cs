using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Sessions;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// The session answer the frame page posts and /refresh returns: the profile to show, when the access token runs out,
/// and a single-use ticket for the circuit. Tokens only where <see cref="AuthOptions.ExposeTokensToBrowser"/> asks.
/// </summary>
internal sealed class SessionAnswer(SessionTicketService tickets, TimeProvider time, IOptions<AuthOptions> options)
{
    public SessionResponse For(LiveSession session)
    {
        var expiresIn = session.Stored.AccessTokenExpiresAt - time.GetUtcNow();
        var secrets = session.Secrets;
        var exposed = options.Value.ExposeTokensToBrowser;
        var profile = session.Profile;
        return new SessionResponse(
            new ProviderInfoMessage(
                exposed ? secrets.AccessToken : null,
                exposed ? secrets.IdToken : null,
                secrets.Scope,
                expiresIn is { } left ? (int)Math.Max(0, left.TotalSeconds) : null),
            new ProfileMessage(profile.Email, profile.DisplayName, profile.Picture),
            new SessionMessage(tickets.Issue(session.ToUser()), (int)SessionTicketService.Lifetime.TotalSeconds));
    }
}
