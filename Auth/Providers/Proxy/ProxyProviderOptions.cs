using BlazorAuth.Auth.Configuration;

namespace BlazorAuth.Auth.Providers.Proxy;

/// <summary>A <c>proxy</c> provider's settings, bound from <c>Auth:Providers:{id}</c>.</summary>
public sealed class ProxyProviderOptions : ProviderOptions
{
    /// <summary>The addresses (or CIDR ranges) of the proxies whose headers are believed. Required.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The header naming the user's stable id. Default: <c>X-Forwarded-User</c>.</summary>
    public string UserIdHeader { get; set; } = "X-Forwarded-User";

    /// <summary>The header with the user's email. Default: <c>X-Forwarded-Email</c>.</summary>
    public string EmailHeader { get; set; } = "X-Forwarded-Email";

    /// <summary>The header with the user's display name. Default: <c>X-Forwarded-Preferred-Username</c>.</summary>
    public string NameHeader { get; set; } = "X-Forwarded-Preferred-Username";
}
