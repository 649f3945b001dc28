using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers.OAuth2;
using BlazorAuth.Auth.Providers.Presets;
using BlazorAuth.Auth.Providers.Protocol;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth.Providers;

/// <summary>Presets: client id and secret (plus tenant or domain) are all an app gives; each lands on its provider.</summary>
public sealed class ProviderPresetTests : IAsyncLifetime
{
    private readonly DiscoveryStub _discovery = new();
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = new ScannedAppFactory(builder =>
        {
            builder.UseSetting("Auth:PublicOrigin", "https://app.example.com");
            void Preset(string id, string type, string? extra = null, string? value = null)
            {
                builder.UseSetting($"Auth:Providers:{id}:Type", type);
                builder.UseSetting($"Auth:Providers:{id}:ClientId", id + "-client");
                builder.UseSetting($"Auth:Providers:{id}:ClientSecret", id + "-secret");
                if (extra is not null)
                {
                    builder.UseSetting($"Auth:Providers:{id}:{extra}", value);
                }
            }

            Preset("github", "github");
            Preset("google", "google");
            Preset("entra", "entra", "Tenant", "contoso.onmicrosoft.com");
            Preset("gitlab", "gitlab");
            Preset("okta", "okta", "Domain", "dev-123.okta.com");
            Preset("auth0", "auth0", "Domain", "tenant.eu.auth0.com");
            builder.ConfigureTestServices(services =>
                services.AddHttpClient(ProviderHttp.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _discovery));
        });
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("github", "https://github.com/login/oauth/authorize?", "read:user user:email")]
    [InlineData("google", "https://accounts.google.com/authorize?", "openid profile email")]
    [InlineData("entra", "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/authorize?", "openid profile email offline_access")]
    [InlineData("gitlab", "https://gitlab.com/authorize?", "openid profile email")]
    [InlineData("okta", "https://dev-123.okta.com/authorize?", "openid profile email offline_access")]
    [InlineData("auth0", "https://tenant.eu.auth0.com/authorize?", "openid profile email offline_access")]
    public async Task Each_preset_builds_its_providers_authorize_url(string id, string authorizePrefix, string scope)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var start = await client.GetAsync($"/auth/{id}/start");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var location = start.Headers.Location!;
        Assert.StartsWith(authorizePrefix, location.AbsoluteUri);
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(id + "-client", query["client_id"]);
        Assert.Equal($"https://app.example.com/auth/{id}/handler/frame", query["redirect_uri"]);
        Assert.Equal(scope, query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
    }

    [Fact]
    public void Presets_keep_the_apps_own_settings_over_their_defaults()
    {
        var github = ProviderPresets.All.Single(p => p.Type == "github");
        var applied = (OAuth2ProviderOptions)github.Apply(new OAuth2ProviderOptions { ClientId = "c", DisplayName = "Our GitHub", Scopes = "read:user" }, null, null);
        Assert.Equal("oauth2", applied.Type);
        Assert.Equal("Our GitHub", applied.DisplayName);
        Assert.Equal("read:user", applied.Scopes);
        Assert.Equal("id", applied.ClaimMapping.Subject);
        Assert.Equal("https://api.github.com/user/emails", applied.VerifiedEmailsEndpoint);
    }

    [Theory]
    [InlineData("entra", "Tenant", null)]
    [InlineData("entra", "Tenant", "common")]
    [InlineData("okta", "Domain", null)]
    [InlineData("auth0", "Domain", "evil.example/path")]
    public void A_preset_missing_its_tenant_or_domain_stops_start_up_with_a_clear_message(string type, string setting, string? value)
    {
        var errors = StartupValidation.ErrorsFor(new Dictionary<string, string?>
        {
            ["Auth:PublicOrigin"] = "https://app.example.com",
            ["Auth:Providers:p:Type"] = type,
            ["Auth:Providers:p:ClientId"] = "c",
            [$"Auth:Providers:p:{setting}"] = value,
        });
        Assert.Contains($"Auth:Providers:p:{setting} is required for the {type} preset", errors);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Answers any provider's discovery document in memory, as if from that provider's own host.</summary>
    private sealed class DiscoveryStub : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.AbsoluteUri;
            const string suffix = "/.well-known/openid-configuration";
            if (!url.EndsWith(suffix, StringComparison.Ordinal))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"keys":[]}""", Encoding.UTF8, "application/json") });
            }

            var authority = url[..^suffix.Length];
            var issuer = authority.EndsWith("auth0.com", StringComparison.Ordinal) ? authority + "/" : authority;
            var document = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = authority + "/authorize",
                ["token_endpoint"] = authority + "/token",
                ["jwks_uri"] = authority + "/jwks",
            });
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(document, Encoding.UTF8, "application/json") });
        }
    }
}
