using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>
/// Runs the demo OpenID Connect server (OpenIddict on EF Core + SQLite) as a second Kestrel host on its own
/// origin, inside the app's process, for as long as the app runs. Its database, keys and key ring live in the app's
/// data directory, so its grants (and the app's sessions built on them) outlive a restart.
/// </summary>
public sealed partial class DemoIdentityProviderHost(
    IOptions<DemoIdentityProviderOptions> demoOptions,
    IOptions<AuthOptions> authOptions,
    DemoClientSecret secret,
    IHttpClientFactory httpClientFactory,
    TimeProvider time,
    IConfiguration configuration,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The running provider's own services, for tests that set up its state (a grant withdrawn).</summary>
    internal IServiceProvider? Services => _app?.Services;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Disabled, it never runs, even for a provider configured at its address: other instances' demo provider.
        if (demoOptions.Value.Enabled == false
            || !authOptions.Value.Providers.TryGetValue(DemoIdentityProviderOptions.ProviderId, out var provider)
            || provider.PagesOrigin != demoOptions.Value.Url.TrimEnd('/'))
        {
            return;
        }

        var dataDirectory = AuthStorageExtensions.DataDirectoryOf(configuration);
        var directory = Path.Combine(dataDirectory, "demo-identity-provider");
        PrivateFiles.EnsureDirectory(dataDirectory);
        PrivateFiles.EnsureDirectory(directory);
        PrivateFiles.EnsureDatabaseFile(Path.Combine(directory, "openiddict.db"));
        PrivateFiles.EnsureDirectory(Path.Combine(directory, "data-protection-keys"));
        var backchannelLogout = new DemoBackchannelTarget(new Uri(authOptions.Value.PublicOrigin + $"{authOptions.Value.RoutePrefix}/{DemoIdentityProviderOptions.ProviderId}/backchannel-logout"));
        _app = Build(demoOptions.Value, directory, backchannelLogout);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<DemoDbContext>().Database;
            await database.EnsureCreatedAsync(cancellationToken);

            // Write-ahead logging, kept in the file: a token redemption's write no longer fails with "database is locked"
            // while other requests read, which the rollback journal did at some 30 refreshes a second (bench/run.sh).
            await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
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

    private WebApplication Build(DemoIdentityProviderOptions options, string directory, DemoBackchannelTarget backchannelLogout)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "BlazorAuth.DemoIdentityProvider" });
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(new QuietLifetimeLoggerFactory(loggerFactory));
        builder.Services.AddSingleton(httpClientFactory);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(backchannelLogout);
        builder.Services.AddSingleton<DemoBackchannelLogout>();
        builder.Services.AddSingleton<DemoApplicationManager.PassedSecrets>();

        var database = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "openiddict.db"), Pooling = true }.ToString();
        builder.Services.AddDbContext<DemoDbContext>(db => DemoSqliteConnections.Use(db, database));
        builder.Services.AddDataProtection()
            .SetApplicationName("BlazorAuth.DemoIdentityProvider")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(directory, "data-protection-keys")));
        builder.Services.AddAntiforgery();
        builder.Services.AddAuthentication(DemoEndpoints.LoginScheme).AddCookie(DemoEndpoints.LoginScheme, cookie =>
        {
            cookie.Cookie.Name = "DemoIdp.Login";
            cookie.LoginPath = "/login";
        });
        builder.Services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<DemoDbContext>();
                core.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, DemoApplicationManager>();
            })
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
                server.AddEncryptionKey(DemoKeys.LoadOrCreate(Path.Combine(directory, "encryption-key.pem")))
                    .AddSigningKey(DemoKeys.LoadOrCreate(Path.Combine(directory, "signing-key.pem")));
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        app.UseDemoTokenRequestLog();
        app.UseAuthentication();
        app.UseAntiforgery();
        app.MapDemoEndpoints();
        return app;
    }

    private async Task RegisterClientAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var auth = authOptions.Value;
        var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = DemoIdentityProviderOptions.ClientId,
                ClientSecret = secret.Value,
                ClientType = ClientTypes.Confidential,
                ConsentType = ConsentTypes.Explicit,
                DisplayName = "BlazorAuth",
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
            };

        // Every provider of this app that signs in here, whatever its type (oidc, aspnet-oidc), and the other apps named in the settings.
        var demoUrl = demoOptions.Value.Url.TrimEnd('/');
        foreach (var id in auth.Providers.Where(p => p.Value.PagesOrigin?.TrimEnd('/') == demoUrl).Select(p => p.Key))
        {
            descriptor.RedirectUris.Add(new Uri(auth.PublicOrigin + auth.CallbackPath(id)));
            descriptor.PostLogoutRedirectUris.Add(new Uri(auth.PublicOrigin + auth.SignedOutPath(id)));
        }

        descriptor.RedirectUris.UnionWith(demoOptions.Value.OtherRedirectUris.Select(uri => new Uri(uri)));
        descriptor.PostLogoutRedirectUris.UnionWith(demoOptions.Value.OtherPostLogoutRedirectUris.Select(uri => new Uri(uri)));

        // Updated, not replaced, when it exists: deleting a client deletes its grants, and with them every session.
        if (await applications.FindByClientIdAsync(DemoIdentityProviderOptions.ClientId, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1200, LogLevel.Debug, "Demo identity provider running at {Url}; sign in as {Users}")]
        public static partial void Started(ILogger logger, string url, string users);
    }
}
