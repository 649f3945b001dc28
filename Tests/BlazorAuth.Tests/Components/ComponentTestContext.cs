using BlazorAuth.Auth;
using BlazorAuth.Auth.Circuit;
using BlazorAuth.Tests.Support;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace BlazorAuth.Tests.Components;

/// <summary>
/// bUnit with MudBlazor, the app's real auth services, bUnit's authorization in place of
/// the circuit's user, and the JS module faked.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    private readonly string _dataDirectory = TempDirectory.Create();

    /// <param name="settings">More settings, such as providers besides the demo one.</param>
    protected ComponentTestContext(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:PublicOrigin"] = "https://app.example.com",
            ["Auth:DataDirectory"] = _dataDirectory,
            ["Auth:Providers:demo:Type"] = "oidc",
            ["Auth:Providers:demo:DisplayName"] = "Demo",
            // Nothing listens there: a renewal that reaches for the provider is refused at once, on any machine.
            ["Auth:Providers:demo:Authority"] = "https://127.0.0.1:1",
            ["Auth:Providers:demo:ClientId"] = "client",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        Services.AddBlazorAuthServices(configuration);
        Services.AddMudServices();
        Services.AddScoped<BlazorAuth.Components.Auth.BrowserTimeZone>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Module = JSInterop.SetupModule(SignInService.ModulePath);
        Module.Mode = JSRuntimeMode.Loose;
        Authorization = AddAuthorization();
    }

    protected BunitJSModuleInterop Module { get; }

    // What the components see in a circuit: rendered interactively on the server. Set at the first render, not before,
    // since the renderer, once made, takes no more services and some tests add their own first.
    public override IRenderedComponent<TComponent> Render<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameterBuilder = null)
    {
        if (!_interactive)
        {
            SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
            _interactive = true;
        }

        return base.Render(parameterBuilder);
    }

    private bool _interactive;

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        TempDirectory.Delete(_dataDirectory);
    }

    protected BunitAuthorizationContext Authorization { get; }

    protected SignInService SignIn => Services.GetRequiredService<SignInService>();

    protected void SignInAsAlice() =>
        Authorization.SetAuthorized("Alice Liddell").SetClaims(
            new System.Security.Claims.Claim("name", "Alice Liddell"),
            new System.Security.Claims.Claim("email", "alice@example.test"),
            new System.Security.Claims.Claim("sub", "alice-1"));
}
