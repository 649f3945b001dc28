namespace BlazorAuth.Auth.Providers;

/// <summary>
/// A provider whose sign-in may pass through the app's other origins (CentralAuth's autologin across an
/// organisation's domains). Only such hops skip the browser binding.
/// </summary>
public interface IAutologinHops : IAuthProvider
{
    /// <summary>
    /// Whether a callback may be an autologin hop for a transaction started by the app at <paramref name="origin"/>,
    /// or be sent on to <paramref name="origin"/> afterwards.
    /// </summary>
    bool AllowsAutologinVia(string origin);
}
