using BlazorAuth.Auth;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.OAuth2;
using BlazorAuth.Auth.Providers.Oidc;
using BlazorAuth.Auth.Providers.Proxy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>Each provider's section is bound by its type into the type's own options; code must give those options too.</summary>
public sealed class ProviderOptionsBindingTests
{
    [Fact]
    public void Each_type_binds_its_own_settings_from_the_providers_section()
    {
        var options = OptionsFor(new Dictionary<string, string?>
        {
            ["Auth:Providers:op:Type"] = "oidc",
            ["Auth:Providers:op:Authority"] = "https://login.example",
            ["Auth:Providers:op:ClientId"] = "c",
            ["Auth:Providers:op:FrontchannelLogout"] = "false",
            ["Auth:Providers:gh:Type"] = "oauth2",
            ["Auth:Providers:gh:AuthorizationEndpoint"] = "https://gh.example/authorize",
            ["Auth:Providers:gh:TokenEndpoint"] = "https://gh.example/token",
            ["Auth:Providers:gh:UserInfoEndpoint"] = "https://gh.example/user",
            ["Auth:Providers:gh:ClientId"] = "c",
            ["Auth:Providers:gh:ClaimMapping:Subject"] = "uid",
            ["Auth:Providers:px:Type"] = "proxy",
            ["Auth:Providers:px:TrustedProxies:0"] = "10.0.0.1",
            ["Auth:Providers:px:UserIdHeader"] = "X-User",
        }).Value;

        Assert.False(Assert.IsType<OidcProviderOptions>(options.Providers["op"]).FrontchannelLogout);
        Assert.Equal("uid", Assert.IsType<OAuth2ProviderOptions>(options.Providers["gh"]).ClaimMapping.Subject);
        Assert.Equal("X-User", Assert.IsType<ProxyProviderOptions>(options.Providers["px"]).UserIdHeader);
    }

    [Fact]
    public void A_provider_configured_in_code_without_its_types_options_stops_start_up_with_a_clear_message()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OptionsFor(
            new Dictionary<string, string?>(),
            services => services.Configure<AuthOptions>(o => o.Providers["coded"] = new ProviderOptions { Type = "oidc" })).Value);

        Assert.Contains("Auth:Providers:coded is configured in code; give it as OidcProviderOptions", error.Message);
    }

    private static IOptions<AuthOptions> OptionsFor(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        settings["Auth:PublicOrigin"] = "https://app.example.com";
        var services = new ServiceCollection().AddLogging().AddBlazorAuthServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        configure?.Invoke(services);
        return services.BuildServiceProvider().GetRequiredService<IOptions<AuthOptions>>();
    }
}
