using System.Security.Claims;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Tokens;

/// <summary>
/// The signed-in user's access token, for the app's own calls to an API on the user's behalf: from a component (the
/// circuit's user) or from an endpoint behind the session cookie (the request's user). The token comes from the
/// session's record on the server, renewed first when it is near its expiry (one provider call however many ask),
/// and never passes through the browser. Use <see cref="AccessTokenHandlerExtensions.AddUserAccessToken"/> to have an
/// <see cref="HttpClient"/> send it.
/// </summary>
public sealed class UserAccessTokens
{
    private readonly SessionRegistry _sessions;
    private readonly SessionRenewal _renewal;
    private readonly AuthenticationStateProvider? _circuit;
    private readonly IHttpContextAccessor? _request;

    internal UserAccessTokens(
        SessionRegistry sessions, SessionRenewal renewal, AuthenticationStateProvider? circuit, IHttpContextAccessor? request)
    {
        _sessions = sessions;
        _renewal = renewal;
        _circuit = circuit;
        _request = request;
    }

    /// <summary>
    /// The access token of the signed-in user's session; null when nobody is signed in or the session has ended. Throws
    /// <see cref="AuthFlowException"/> when the token was due for renewal and the provider could not be reached (the
    /// session goes on; try again later), and <see cref="Storage.AuthStoreUnavailableException"/> when the store is down.
    /// </summary>
    public async Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        if (await SessionIdAsync() is not { } sessionId
            || await _sessions.GetAsync(sessionId, cancellationToken) is not { } session)
        {
            return null;
        }

        try
        {
            return (await _renewal.EnsureFreshAsync(session, confirmAccessToken: false, cancellationToken)).Secrets.AccessToken;
        }
        catch (AuthFlowException e) when (e.Error == AuthError.SessionEnded || e.Error == AuthError.IdentityChanged)
        {
            return null;
        }
    }

    /// <summary>The session of the circuit's user if this is a circuit, else of the request's user.</summary>
    private async Task<string?> SessionIdAsync()
    {
        if (_circuit is not null && SessionOf((await _circuit.GetAuthenticationStateAsync()).User) is { } fromCircuit)
        {
            return fromCircuit;
        }

        return _request?.HttpContext is { } context ? SessionOf(context.User) : null;
    }

    private static string? SessionOf(ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == SignedInUser.AuthenticationType ? user.FindFirst(SignedInUser.SessionClaim)?.Value : null;
}
