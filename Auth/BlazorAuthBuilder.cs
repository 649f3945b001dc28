using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BlazorAuth.Auth;

/// <summary>What <see cref="AuthServiceCollectionExtensions.AddBlazorAuth"/> answers: the things a host may ask the library to do beyond its own routes.</summary>
public sealed class BlazorAuthBuilder(IHostApplicationBuilder host)
{
    public IServiceCollection Services => host.Services;

    /// <summary>
    /// Makes the session cookie the host's default authentication scheme, so <c>HttpContext.User</c>, <c>[Authorize]</c>
    /// and a circuit started by a reload see the signed-in user. For hosts whose sign-in is BlazorAuth's.
    /// </summary>
    public BlazorAuthBuilder UseAsDefaultScheme()
    {
        host.Services.Configure<AuthenticationOptions>(o => o.DefaultScheme = SessionCookieAuthenticationHandler.SchemeName);
        return this;
    }

    /// <summary>
    /// Offers sign-in through an ASP.NET Core remote authentication scheme the host registered (<c>AddOpenIdConnect</c>,
    /// <c>AddOAuth</c>, <c>AddGoogle</c>, Microsoft.Identity.Web…) as provider <paramref name="providerId"/>: the popup
    /// challenges the scheme, whose callback path becomes <c>{RoutePrefix}/{providerId}/handler/frame</c>.
    /// </summary>
    public BlazorAuthBuilder AddAuthenticationScheme(string providerId, string scheme, string? displayName = null)
    {
        host.Services.AddBlazorAuthScheme(providerId, scheme, displayName);
        return this;
    }

    /// <summary>
    /// Keeps sessions, single-use values and (unless the host configured Data Protection itself) the key ring in
    /// <typeparamref name="TStorage"/> instead of the built-in SQLite file: what a storage package such as
    /// BlazorAuth.Auth.Redis calls for the host. The storage is built by the service provider.
    /// </summary>
    public BlazorAuthBuilder UseStorage<TStorage>()
        where TStorage : AuthStorage
    {
        host.Services.Replace(ServiceDescriptor.Singleton<AuthStorage, TStorage>());
        return this;
    }

    /// <summary>
    /// Holds back the framework log categories whose verbose lines quote codes, states, tokens and circuit secrets,
    /// whatever level the configuration asks for (docs/security.md lists them).
    /// </summary>
    public BlazorAuthBuilder HoldBackSecretBearingLogs()
    {
        host.Logging.HoldBackSecretBearingLogs();
        return this;
    }
}
