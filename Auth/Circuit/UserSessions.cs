using BlazorAuth.Auth.Sessions;

namespace BlazorAuth.Auth.Circuit;

/// <summary>The signed-in user's sessions in every browser and tab: listed, or all ended.</summary>
internal sealed class UserSessions(CircuitAuthenticationStateProvider auth, SessionRegistry sessions)
{
    public async Task<IReadOnlyList<SessionEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        await UserKeyAsync() is { } userKey ? await sessions.ListAsync(userKey, cancellationToken) : [];

    /// <summary>The signed-in user's key in the session registry, taken before the circuit signs out.</summary>
    public async Task<string?> UserKeyAsync()
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        return user.FindFirst("iss")?.Value is { } issuer && user.FindFirst("sub")?.Value is { } subject
            ? SessionRegistry.UserKeyOf(issuer, subject)
            : null;
    }

    /// <summary>Ends every session of that user; their other circuits sign out at their next check.</summary>
    public Task EndAllAsync(string userKey) => sessions.EndAllAsync(userKey, CancellationToken.None);
}
