using System.Net;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Network;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Providers.Proxy;

/// <summary>
/// An authenticating reverse proxy in front of the app (oauth2-proxy style): the user is whoever the proxy's
/// headers name, believed only when the request's peer is one of the configured proxies. Nothing to start.
/// </summary>
internal sealed class ProxyProvider(string id, ProxyProviderOptions options, IReadOnlyList<IPNetwork> trusted, IHttpContextAccessor http) : IRequestSignIn, ISessionRenewal
{
    public const string TypeName = "proxy";
    private const int MaxHeaderLength = 256;

    public string Id => id;

    public string DisplayName => options.DisplayName ?? id;

    public string Type => TypeName;

    public ValueTask<ProviderSignIn?> SignInFromRequestAsync(HttpContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(UserOf(context) is { } profile ? SignIn(profile) : null);

    /// <summary>The session lasts while the proxy keeps naming the same user on the app's own calls.</summary>
    public Task<ProviderSignIn> RefreshAsync(ProviderGrant grant, CancellationToken cancellationToken)
    {
        var profile = http.HttpContext is { } context ? UserOf(context) : null;
        if (profile is null || profile.Subject != grant.Profile.Subject)
        {
            throw new AuthFlowException(AuthError.SessionEnded);
        }

        return Task.FromResult(SignIn(profile));
    }

    private UserProfile? UserOf(HttpContext context)
    {
        // The machine on the connection, not a client address a forwarded header may have put in its place.
        var peer = TrustedForwarding.PeerOf(context);
        if (peer is null || !trusted.Any(network => network.Contains(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer)))
        {
            return null;
        }

        // The proxy is the identity provider here: its email header is vouched for like its user header (proxies
        // such as oauth2-proxy pass on only what their own provider verified).
        var user = Header(context, options.UserIdHeader);
        var email = Header(context, options.EmailHeader);
        return user is null
            ? null
            : new UserProfile(user, "proxy:" + id, null, email, Header(context, options.NameHeader), null, [], EmailVerified: email is not null);
    }

    private static string? Header(HttpContext context, string name) =>
        context.Request.Headers.TryGetValue(name, out var values) && values.Count == 1
        && values[0] is { Length: > 0 and <= MaxHeaderLength } value && !value.Any(char.IsControl)
            ? value
            : null;

    private static ProviderSignIn SignIn(UserProfile profile) => new(new ProviderTokens("", null, null, "", null), profile);
}
