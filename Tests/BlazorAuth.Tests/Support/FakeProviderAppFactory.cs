using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The app configured by settings alone with three providers, <c>fake</c>, <c>other</c> and <c>post</c> (which
/// sends its client secret in the form), all at one <see cref="FakeOidcProvider"/>.
/// </summary>
public sealed class FakeProviderAppFactory(FakeOidcProvider provider) : WebApplicationFactory<Program>
{
    public const string AppOrigin = "https://app.example.com";
    public const string PartnerOrigin = "https://partner.example.com";

    public LogCapture Logs { get; } = new();

    public AppClient CreateAppClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(AppOrigin) }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DemoIdentityProvider:Enabled", "false");
        builder.UseSetting("Auth:PublicOrigin", AppOrigin);
        builder.UseSetting("Auth:AllowedOrigins:0", PartnerOrigin);
        builder.UseSetting("Auth:BackchannelTimeout", "00:00:02");
        builder.UseSetting("Auth:Providers:post:ClientAuthentication", "client_secret_post");
        foreach (var id in new[] { "fake", "other", "post" })
        {
            builder.UseSetting($"Auth:Providers:{id}:Type", "oidc");
            builder.UseSetting($"Auth:Providers:{id}:DisplayName", id);
            builder.UseSetting($"Auth:Providers:{id}:Authority", provider.Issuer);
            builder.UseSetting($"Auth:Providers:{id}:ClientId", FakeOidcProvider.ClientId);
            builder.UseSetting($"Auth:Providers:{id}:ClientSecret", FakeOidcProvider.ClientSecret);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
