using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorAuth.Tests.Support;

/// <summary>The app with one <c>oauth2</c> provider, <c>gh</c>, configured by settings alone against <see cref="FakeGitHub"/>.</summary>
public sealed class FakeGitHubFixture : IAsyncLifetime
{
    public FakeGitHub GitHub { get; } = new();

    public WebApplicationFactory<Program> App { get; private set; } = null!;

    public AppClient CreateAppClient() =>
        new(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://app.example.com") }));

    public async Task InitializeAsync()
    {
        await GitHub.StartAsync();
        App = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            builder.UseSetting("Auth:Providers:gh:Type", "oauth2");
            builder.UseSetting("Auth:Providers:gh:DisplayName", "GitHub");
            builder.UseSetting("Auth:Providers:gh:AuthorizationEndpoint", GitHub.Url + "/login/oauth/authorize");
            builder.UseSetting("Auth:Providers:gh:TokenEndpoint", GitHub.Url + "/login/oauth/access_token");
            builder.UseSetting("Auth:Providers:gh:UserInfoEndpoint", GitHub.Url + "/user");
            builder.UseSetting("Auth:Providers:gh:ClientId", FakeGitHub.ClientId);
            builder.UseSetting("Auth:Providers:gh:ClientSecret", FakeGitHub.ClientSecret);
            builder.UseSetting("Auth:Providers:gh:ClientAuthentication", "client_secret_post");
            builder.UseSetting("Auth:Providers:gh:Scopes", "read:user user:email");
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
