using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.Oidc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.DemoIdentityProvider;

public static class DemoIdentityProviderExtensions
{
    /// <summary>
    /// Offers the embedded demo provider as <c>demo</c> when no provider is configured (or when enabled
    /// explicitly), through the same generic OIDC provider type any other provider uses.
    /// </summary>
    public static IHostApplicationBuilder AddDemoIdentityProvider(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoIdentityProviderOptions>()
            .Bind(builder.Configuration.GetSection(DemoIdentityProviderOptions.SectionName))
            .Validate(o => Uri.TryCreate(o.Url, UriKind.Absolute, out var url) && url.IsLoopback && url.AbsolutePath == "/",
                "DemoIdentityProvider:Url must be a loopback origin such as http://localhost:5081.")
            .Validate(o => o.OtherRedirectUris.Concat(o.OtherPostLogoutRedirectUris).All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.IsLoopback),
                "DemoIdentityProvider:OtherRedirectUris and OtherPostLogoutRedirectUris must be loopback URLs.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<DemoIdentityProviderOptions>>().Value.ClientSecret is { Length: > 0 } configured
            ? new DemoClientSecret(configured)
            : new DemoClientSecret());
        builder.Services.AddSingleton<IPostConfigureOptions<AuthOptions>, DemoProviderConfiguration>();
        builder.Services.AddHostedService<DemoIdentityProviderHost>();

        // OpenIddict logs each request and response it handles with its parameters: the app's state, the
        // authorization code. The demo provider logs into the app's log, so those lines stay out of it.
        builder.Logging.AddFilter("OpenIddict.Server.OpenIddictServerDispatcher", level => level >= LogLevel.Warning);
        return builder;
    }

    private sealed class DemoProviderConfiguration(IOptions<DemoIdentityProviderOptions> demo, DemoClientSecret secret)
        : IPostConfigureOptions<AuthOptions>
    {
        public void PostConfigure(string? name, AuthOptions options)
        {
            var enabled = demo.Value.Enabled ?? options.Providers.Count == 0;
            if (!enabled || options.Providers.ContainsKey(DemoIdentityProviderOptions.ProviderId))
            {
                return;
            }

            options.Providers[DemoIdentityProviderOptions.ProviderId] = new OidcProviderOptions
            {
                Type = "oidc",
                DisplayName = "Demo",
                LogoUrl = demo.Value.Url.TrimEnd('/') + "/logo.svg",
                Authority = demo.Value.Url.TrimEnd('/'),
                ClientId = DemoIdentityProviderOptions.ClientId,
                ClientSecret = secret.Value,
                Scopes = "openid profile email offline_access",
            };
        }
    }
}
