using BlazorAuth.App;
using BlazorAuth.Auth;
using BlazorAuth.Auth.Diagnostics.Health;
using BlazorAuth.Auth.Endpoints;
using BlazorAuth.Auth.Network;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Telemetry;
using BlazorAuth.DemoIdentityProvider;
using Microsoft.AspNetCore.Diagnostics;
using MudBlazor;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// "Server: Kestrel" tells a scanner what to look up and a user nothing.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

builder.AddDemoIdentityProvider();
var auth = builder.AddBlazorAuth().UseAsDefaultScheme().HoldBackSecretBearingLogs();
// Past one machine: every instance on the same Redis (docs/operations.md). Otherwise an SQLite file per machine.
if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
{
    auth.UseRedis(redis);
}

builder.AddOpenTelemetryWhenConfigured();
builder.Services.AddHostedService<StartupBanner>();
builder.Services.AddDemoApiClient();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

// Messages at the bottom: at the top right they would cover the app bar's sign-in buttons they ask the user to press.
builder.Services.AddScoped<BlazorAuth.Components.Auth.BrowserTimeZone>();
builder.Services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter);

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

// An instance started while Redis is down cannot render a page until its key ring is back: 503, not 500.
app.UseStoreOutageAnswer();

// An address nothing answers, loaded directly, gets the app's own not-found page (still 404), not the browser's. Only
// for GET: another method, re-executed, would meet the page's antiforgery check and turn a 404 or 405 into a 400.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.Use((context, next) =>
{
    if (!HttpMethods.IsGet(context.Request.Method) && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
    {
        statusCodePages.Enabled = false;
    }

    return next(context);
});
app.UseTrustedForwardedHeaders();
app.UseSecurityHeaders();

// Routing after what every answer needs, so that the auth routes short-circuit from here: they read their own cookies
// and make their own checks, and the authentication, authorization and antiforgery below would only cost them
// (docs/library.md).
app.UseRouting();

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapBlazorAuth().ShortCircuit();
app.MapBlazorAuthHealthChecks();
app.MapDemoApiExample();
// The app's own Content-Security-Policy (SecurityHeaders) includes frame-ancestors; Blazor's would shadow it.
app.MapRazorComponents<AppRoot>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

app.Run();

public partial class Program;
