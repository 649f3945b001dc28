using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BlazorAuth.Auth.DemoProvider;

/// <summary>
/// Runs the demo OpenID Connect server (OpenIddict on EF Core + SQLite) as a second Kestrel host on its own
/// origin, inside the app's process, for as long as the app runs.
/// </summary>
public sealed partial class DemoIdentityProviderHost(
    IOptions<DemoIdentityProviderOptions> demoOptions,
    IOptions<AuthOptions> authOptions,
    DemoClientSecret secret,
    IHttpClientFactory httpClientFactory,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;
    private SqliteConnection? _database;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!authOptions.Value.Providers.TryGetValue(DemoIdentityProviderOptions.ProviderId, out var provider)
            || provider.Authority != demoOptions.Value.Url.TrimEnd('/'))
        {
            return;
        }

        // An in-memory database lives as long as one connection to it stays open.
        _database = new SqliteConnection("Data Source=:memory:");
        await _database.OpenAsync(cancellationToken);
        var backchannelLogout = new DemoBackchannelTarget(new Uri(authOptions.Value.PublicOrigin + $"/auth/{DemoIdentityProviderOptions.ProviderId}/backchannel-logout"));
        _app = Build(demoOptions.Value, _database, backchannelLogout);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoDbContext>().Database.EnsureCreatedAsync(cancellationToken);
            await RegisterClientAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), cancellationToken);
        }

        await _app.StartAsync(cancellationToken);
        await WarmUpAsync(demoOptions.Value.Url.TrimEnd('/'), cancellationToken);
        Log.Started(loggerFactory.CreateLogger<DemoIdentityProviderHost>(), demoOptions.Value.Url,
            string.Join(", ", DemoUsers.All.Select(u => $"{u.UserName} / {u.Password}")));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>
    /// OpenIddict's first request compiles its whole handler pipeline, which takes seconds on a small machine:
    /// pay that here, before the app takes requests, rather than in the first user's sign-in.
    /// </summary>
    private async Task WarmUpAsync(string url, CancellationToken cancellationToken)
    {
        using var client = httpClientFactory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(1);
        foreach (var path in new[] { "/.well-known/openid-configuration", "/.well-known/jwks" })
        {
            using var response = await client.GetAsync(url + path, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    private WebApplication Build(DemoIdentityProviderOptions options, SqliteConnection database, DemoBackchannelTarget backchannelLogout)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "BlazorAuth.DemoIdentityProvider" });
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(httpClientFactory);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(backchannelLogout);
        builder.Services.AddSingleton<DemoBackchannelLogout>();

        builder.Services.AddDbContext<DemoDbContext>(db => db.UseSqlite(database).UseOpenIddict());
        builder.Services.AddAntiforgery();
        builder.Services.AddAuthentication(DemoEndpoints.LoginScheme).AddCookie(DemoEndpoints.LoginScheme, cookie =>
        {
            cookie.Cookie.Name = "DemoIdp.Login";
            cookie.LoginPath = "/login";
        });
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<DemoDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(options.Url));
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetEndSessionEndpointUris("connect/logout");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);

                // Strict rotation: a refresh token used twice revokes the whole grant, as strict providers do, so the
                // demo shows the app's single-flight refresh keeping two tabs signed in rather than hiding the race.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.AddEventHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>(handler => handler.UseInlineHandler(static context =>
                {
                    context.Metadata["backchannel_logout_supported"] = true;
                    context.Metadata["backchannel_logout_session_supported"] = true;
                    return default;
                }));
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAntiforgery();
        app.MapDemoEndpoints();
        return app;
    }

    private async Task RegisterClientAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var appOrigin = authOptions.Value.PublicOrigin!;
        await applications.CreateAsync(
            new OpenIddictApplicationDescriptor
            {
                ClientId = DemoIdentityProviderOptions.ClientId,
                ClientSecret = secret.Value,
                ClientType = ClientTypes.Confidential,
                ConsentType = ConsentTypes.Explicit,
                DisplayName = "BlazorAuth",
                RedirectUris = { new Uri(StartEndpoint.RedirectUri(appOrigin, DemoIdentityProviderOptions.ProviderId)) },
                PostLogoutRedirectUris = { new Uri(SignedOutPage.Url(appOrigin, DemoIdentityProviderOptions.ProviderId)) },
                Permissions =
                {
                    Permissions.Endpoints.Authorization,
                    Permissions.Endpoints.Token,
                    Permissions.Endpoints.Revocation,
                    Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode,
                    Permissions.GrantTypes.RefreshToken,
                    Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile,
                    Permissions.Scopes.Email,
                    Permissions.Prefixes.Scope + Scopes.OfflineAccess,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            },
            cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1200, LogLevel.Information, "Demo identity provider running at {Url}; sign in as {Users}")]
        public static partial void Started(ILogger logger, string url, string users);
    }
}
