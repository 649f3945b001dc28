using Microsoft.AspNetCore.Http;

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

    /// <summary>
    /// Where the browser goes once a hop's transaction is spent on this origin: a place the provider named in its
    /// callback, if it is one this provider may send the browser to; else the app's home.
    /// </summary>
    string ContinueHop(HttpRequest callback);
}
