namespace BlazorAuth.Auth.Transactions;

/// <summary>One sign-in in flight, carried to the provider and back inside the protected <c>state</c>.</summary>
/// <param name="Id">Also the binding cookie's value: ties the state to the browser that started it.</param>
/// <param name="TargetOrigin">The only origin the frame page will post its message to.</param>
/// <param name="AppOrigin">The public origin of the app that started it; another origin's callback is an autologin hop.</param>
internal sealed record AuthTransaction(
    string Id,
    string ProviderId,
    string? ExpectedIssuer,
    bool IssRequired,
    string CodeVerifier,
    string? Nonce,
    SignInFlow Flow,
    string? ReturnPath,
    string Scope,
    string TargetOrigin,
    string AppOrigin,
    DateTimeOffset IssuedAt);

internal enum SignInFlow
{
    Popup,
    Redirect,

    /// <summary>A hidden frame renewing a session through the provider's own session (<c>prompt=none</c>).</summary>
    Silent,
}
