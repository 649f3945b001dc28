using BlazorAuth.Auth.Authorization;
using BlazorAuth.Auth.Circuit;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Diagnostics.Health;
using BlazorAuth.Auth.Endpoints;
using BlazorAuth.Auth.Events;
using BlazorAuth.Auth.Network;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.CentralAuth;
using BlazorAuth.Auth.Providers.OAuth2;
using BlazorAuth.Auth.Providers.Oidc;
using BlazorAuth.Auth.Providers.Presets;
using BlazorAuth.Auth.Providers.Protocol;
using BlazorAuth.Auth.Providers.Proxy;
using BlazorAuth.Auth.Providers.Schemes;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Telemetry;
using BlazorAuth.Auth.Tokens;
using BlazorAuth.Auth.Transactions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace BlazorAuth.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Everything server-side about sign-in: options (the <c>Auth</c> section), providers, the routes' services, the
    /// circuit's user. It changes nothing else about the host; what more it may do, the host asks for on the answer.
    /// </summary>
    public static BlazorAuthBuilder AddBlazorAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddBlazorAuthServices(builder.Configuration);
        builder.Services.AddHostedService<MetadataWarmup>();
        return new BlazorAuthBuilder(builder);
    }

    public static IServiceCollection AddBlazorAuthServices(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AuthOptions.SectionName);
        services.AddOptions<AuthOptions>()
            .Bind(section)
            .Configure<IEnumerable<IAuthProviderFactory>>((o, factories) => ProviderOptionsBinding.Bind(o, section, factories))
            .PostConfigure(o => o.PublicOrigin = PublicOriginResolver.Resolve(o.PublicOrigin, configuration["urls"]))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, ProviderSettingsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, TrustedForwardersValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<AuthTelemetry>();
        services.AddAuthStorage(configuration);
        AddBackchannel(services);

        services.AddSingleton<IAuthProviderFactory>(sp => sp.GetRequiredService<OidcProviderFactory>());
        services.AddSingleton<IAuthProviderFactory>(sp => sp.GetRequiredService<OAuth2ProviderFactory>());
        services.AddSingleton<IAuthProviderFactory, CentralAuthProviderFactory>();
        services.AddSingleton<IAuthProviderFactory, ProxyProviderFactory>();
        services.AddSingleton<OidcProviderFactory>();
        services.AddSingleton<OAuth2ProviderFactory>();
        foreach (var preset in ProviderPresets.All)
        {
            services.AddSingleton<IAuthProviderFactory>(sp => new PresetProviderFactory(
                preset,
                preset.BaseType == OidcProvider.TypeName ? sp.GetRequiredService<OidcProviderFactory>() : sp.GetRequiredService<OAuth2ProviderFactory>()));
        }

        services.AddSchemeProviders(configuration);

        services.AddHttpContextAccessor();
        services.AddSingleton<AuthProviderRegistry>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<SealingKeyRing>();
        services.AddSingleton<TransactionProtector>();
        services.AddSingleton<SessionCookieStore>();
        services.AddSingleton<SessionTicketService>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<SessionRenewal>();
        services.AddSingleton<SessionStarter>();
        services.AddSingleton<SessionProfiles>();
        services.AddSingleton<SessionAnswer>();
        services.AddOptions<AuthEventsOptions>();
        services.AddSingleton<SignInResolver>();
        services.AddSingleton<AuthRateLimiting>();
        services.AddSingleton<SignInDiagnostics>();
        services.AddSingleton<ProviderHealth>();
        services.AddSingleton(sp => new ProviderOverview(
            sp.GetRequiredService<AuthProviderRegistry>(), sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetRequiredService<ProviderHealth>(), sp.GetRequiredService<SignInDiagnostics>()));
        services.AddBlazorAuthHealthChecks();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, SessionCookieAuthenticationHandler>(SessionCookieAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy.Name, policy => policy.AddRequirements(new OperatorRequirement()));
        services.AddSingleton<IAuthorizationHandler, OperatorAuthorizationHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CircuitAuthenticationStateProvider>();
        services.AddScoped<AuthenticationStateProvider>(sp => sp.GetRequiredService<CircuitAuthenticationStateProvider>());
        // Built here: its constructor takes the library's internal services, which a host has no business handing it.
        services.AddScoped(sp => new SignInService(
            sp.GetRequiredService<IJSRuntime>(),
            sp.GetRequiredService<CircuitAuthenticationStateProvider>(),
            sp.GetRequiredService<SessionTicketService>(),
            sp.GetRequiredService<SessionRegistry>(),
            sp.GetRequiredService<SessionRenewal>(),
            sp.GetRequiredService<AuthProviderRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AuthOptions>>(),
            sp.GetRequiredService<ILogger<SignInService>>(),
            sp.GetService<IHttpContextAccessor>()));
        services.AddScoped(sp => new UserAccessTokens(
            sp.GetRequiredService<SessionRegistry>(),
            sp.GetRequiredService<SessionRenewal>(),
            sp.GetService<AuthenticationStateProvider>(),
            sp.GetService<IHttpContextAccessor>()));
        services.AddTransient<UserAccessTokenHandler>();
        services.AddScoped<CircuitHandler, CircuitServices>();
        return services;
    }

    /// <summary>The services-level form of <see cref="BlazorAuthBuilder.AddAuthenticationScheme"/>.</summary>
    public static IServiceCollection AddBlazorAuthScheme(this IServiceCollection services, string providerId, string scheme, string? displayName = null) =>
        services.Configure<AuthOptions>(o => o.Providers[providerId] = new SchemeProviderOptions
        {
            Type = SchemeProviderFactory.HostSchemeType,
            Scheme = scheme,
            DisplayName = displayName,
        });

    private static void AddSchemeProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SchemeOptionsResolver>();
        services.AddSingleton<DrivenSchemes>();
        foreach (var type in new[] { SchemeProviderFactory.HostSchemeType, SchemeProviderFactory.AspNetOidcType })
        {
            services.AddSingleton<IAuthProviderFactory>(sp => ActivatorUtilities.CreateInstance<SchemeProviderFactory>(sp, type));
        }

        // Both act only on the schemes the popup drives; for every other scheme they change nothing.
        services.AddSingleton(typeof(IPostConfigureOptions<>), typeof(DrivenSchemeOptions<>));
        services.AddAuthenticationCore();
        services.Replace(ServiceDescriptor.Scoped<IAuthenticationHandlerProvider, DrivenSchemeHandlers>());
        AspNetOidcScheme.AddFromConfiguration(services, configuration);
    }

    private static void AddBackchannel(IServiceCollection services)
    {
        services.AddSingleton<ProviderHttp>();
        services.AddSingleton<TokenEndpointClient>();
        services.AddSingleton<UserInfoClient>();
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<LogoutTokenValidator>();

        services.AddHttpClient(ProviderHttp.HttpClientName, client =>
            {
                // The resilience pipeline owns the time limits.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = ProviderHttp.MaxResponseBytes;

                // Some provider APIs (GitHub's) refuse requests without one.
                client.DefaultRequestHeaders.UserAgent.ParseAdd("BlazorAuth/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
            {
                var timeout = provider.GetRequiredService<IOptions<AuthOptions>>().Value.BackchannelTimeout;
                // A token request spends a single-use code: it is never retried.
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.Retry.MaxRetryAttempts = 1;
                // One configured timeout is the longest any user waits: a retry happens only when the first attempt
                // failed fast (refused connection, 503), within the same budget.
                resilience.AttemptTimeout.Timeout = timeout;
                resilience.TotalRequestTimeout.Timeout = timeout;
                resilience.CircuitBreaker.SamplingDuration = timeout * 2 + TimeSpan.FromSeconds(1);
            });
    }
}
