using System.Security.Claims;
using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.Components.Authorization;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// The circuit's user. It starts as whoever the session cookie named when the page loaded, and changes only
/// through a server-issued session ticket or a sign-out: never from data the browser relays.
/// </summary>
public sealed class CircuitAuthenticationStateProvider : AuthenticationStateProvider, IHostEnvironmentAuthenticationStateProvider
{
    private static readonly Task<AuthenticationState> SignedOut =
        Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));

    private Task<AuthenticationState> _state = SignedOut;

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => _state;

    /// <summary>The provider of the signed-in user's session, if any.</summary>
    public async Task<string?> GetProviderIdAsync() =>
        (await _state).User.FindFirst(SignedInUser.ProviderClaim)?.Value;

    public void SetAuthenticationState(Task<AuthenticationState> authenticationStateTask)
    {
        _state = authenticationStateTask;
        NotifyAuthenticationStateChanged(_state);
    }

    public void SignIn(SignedInUser user) =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(user.ToPrincipal())));

    public void SignOut() => SetAuthenticationState(SignedOut);
}
