using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The app with two <c>oauth2</c> providers configured by settings alone against <see cref="FakeGitHub"/>: <c>gh</c>,
/// and <c>ghcorp</c>, which reads the verified addresses and lets in only corp.example ones.
/// </summary>
public sealed class FakeGitHubFixture : IAsyncLifetime
{
    public FakeGitHub GitHub { get; } = new();

    public WebApplicationFactory<Program> App { get; private set; } = null!;

    public AppClient CreateAppClient() =>
        AppClient.At(App, "https://app.example.com");

    public async Task InitializeAsync()
    {
        await GitHub.StartAsync();
        App = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            foreach (var id in new[] { "gh", "ghcorp" })
            {
                builder.UseSetting($"Auth:Providers:{id}:Type", "oauth2");
                builder.UseSetting($"Auth:Providers:{id}:DisplayName", "GitHub");
                builder.UseSetting($"Auth:Providers:{id}:AuthorizationEndpoint", GitHub.Url + "/login/oauth/authorize");
                builder.UseSetting($"Auth:Providers:{id}:TokenEndpoint", GitHub.Url + "/login/oauth/access_token");
                builder.UseSetting($"Auth:Providers:{id}:UserInfoEndpoint", GitHub.Url + "/user");
                builder.UseSetting($"Auth:Providers:{id}:ClientId", FakeGitHub.ClientId);
                builder.UseSetting($"Auth:Providers:{id}:ClientSecret", FakeGitHub.ClientSecret);
                builder.UseSetting($"Auth:Providers:{id}:ClientAuthentication", "client_secret_post");
                builder.UseSetting($"Auth:Providers:{id}:Scopes", "read:user user:email");
            }

            builder.UseSetting("Auth:Providers:ghcorp:VerifiedEmailsEndpoint", GitHub.Url + "/user/emails");
            builder.UseSetting("Auth:Providers:ghcorp:AllowedEmailDomains:0", "corp.example");
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
