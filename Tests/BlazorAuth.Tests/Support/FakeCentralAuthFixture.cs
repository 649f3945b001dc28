using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorAuth.Tests.Support;

/// <summary>The app with one <c>centralauth</c> provider, <c>ca</c>, configured by settings alone against <see cref="FakeCentralAuth"/>.</summary>
public sealed class FakeCentralAuthFixture : IAsyncLifetime
{
    public const string AppOrigin = "https://app.example.com";

    public FakeCentralAuth CentralAuth { get; } = new();

    public WebApplicationFactory<Program> App { get; private set; } = null!;

    public AppClient CreateAppClient() =>
        new(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(AppOrigin) }));

    public async Task InitializeAsync()
    {
        await CentralAuth.StartAsync();
        App = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", AppOrigin);
            builder.UseSetting("Auth:Providers:ca:Type", "centralauth");
            builder.UseSetting("Auth:Providers:ca:DisplayName", "CentralAuth");
            builder.UseSetting("Auth:Providers:ca:Authority", CentralAuth.Url);
            builder.UseSetting("Auth:Providers:ca:ClientId", FakeCentralAuth.ClientId);
            builder.UseSetting("Auth:Providers:ca:ClientSecret", FakeCentralAuth.ClientSecret);
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await CentralAuth.DisposeAsync();
    }
}
