using System.Net;
using BlazorAuth.Auth.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Network;

/// <summary>
/// Forwarded headers, believed only from <see cref="AuthOptions.TrustedForwarders"/> (the framework's defaults,
/// which trust loopback, are cleared). The connection's own peer is kept first, for the checks that must be
/// about the machine actually talking to the app (the <c>proxy</c> provider's).
/// </summary>
public static class TrustedForwarding
{
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            context.Features.Set(new ConnectionPeer(context.Connection.RemoteIpAddress));
            return next(context);
        });

        var trusted = app.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().Value.TrustedForwarders;
        if (trusted.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted)
        {
            options.KnownIPNetworks.Add(IPNetworks.Parse(entry)!.Value);
        }

        return app.UseForwardedHeaders(options);
    }

    /// <summary>The machine that opened the connection, whatever forwarded headers later said about the client.</summary>
    public static IPAddress? PeerOf(HttpContext context) =>
        context.Features.Get<ConnectionPeer>()?.Address ?? context.Connection.RemoteIpAddress;

    private sealed record ConnectionPeer(IPAddress? Address);
}

/// <summary>Addresses and CIDR ranges, as the settings that list trusted machines write them.</summary>
internal static class IPNetworks
{
    public static System.Net.IPNetwork? Parse(string entry) =>
        System.Net.IPNetwork.TryParse(entry, out var network) ? network
        : IPAddress.TryParse(entry, out var address) ? new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8)
        : null;
}
