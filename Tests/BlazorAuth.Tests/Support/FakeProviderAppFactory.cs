using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The app configured by settings alone with four providers at one <see cref="FakeOidcProvider"/>: <c>fake</c>,
/// <c>other</c>, <c>post</c> (which sends its client secret in the form) and <c>corp</c> (which lets in only
/// corp.example addresses).
/// </summary>
/// <param name="configure">Settings of a test's own app, applied over these.</param>
public sealed class FakeProviderAppFactory(FakeOidcProvider provider, Action<IWebHostBuilder>? configure = null) : ScannedAppFactory
{
    public const string AppOrigin = "https://app.example.com";
    public const string PartnerOrigin = "https://partner.example.com";

    public AppClient CreateAppClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(AppOrigin) }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("DemoIdentityProvider:Enabled", "false");
        builder.UseSetting("Auth:PublicOrigin", AppOrigin);
        builder.UseSetting("Auth:AllowedOrigins:0", PartnerOrigin);
        builder.UseSetting("Auth:BackchannelTimeout", "00:00:05");
        builder.UseSetting("Auth:Providers:post:ClientAuthentication", "client_secret_post");
        builder.UseSetting("Auth:Providers:corp:AllowedEmailDomains:0", "corp.example");
        foreach (var id in new[] { "fake", "other", "post", "corp" })
        {
            builder.UseSetting($"Auth:Providers:{id}:Type", "oidc");
            builder.UseSetting($"Auth:Providers:{id}:DisplayName", id);
            builder.UseSetting($"Auth:Providers:{id}:Authority", provider.Issuer);
            builder.UseSetting($"Auth:Providers:{id}:ClientId", FakeOidcProvider.ClientId);
            builder.UseSetting($"Auth:Providers:{id}:ClientSecret", FakeOidcProvider.ClientSecret);
        }

        configure?.Invoke(builder);
    }
}
