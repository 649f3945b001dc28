using BlazorAuth.Auth.Configuration;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>An <c>aspnet</c> provider's settings: the scheme the host registered.</summary>
public sealed class SchemeProviderOptions : ProviderOptions
{
    /// <summary>The name of the ASP.NET Core authentication scheme the host registered. Required.</summary>
    public string? Scheme { get; set; }
}
