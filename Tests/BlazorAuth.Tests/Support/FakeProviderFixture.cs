using System.Web;
using BlazorAuth.Auth.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Support;

/// <summary>One fake provider and one app for the route tests; each test resets the provider's script.</summary>
public sealed class FakeProviderFixture : IAsyncLifetime
{
    public FakeOidcProvider Provider { get; } = new();

    public FakeProviderAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Provider.StartAsync();
        App = new FakeProviderAppFactory(Provider);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FakeProviderCollection : ICollectionFixture<FakeProviderFixture>
{
    public const string Name = "fake provider";
}

/// <summary>Shared steps of the route tests: start a sign-in, come back to the frame, sign in fully.</summary>
public abstract class FakeProviderTests
{
    protected FakeProviderTests(FakeProviderFixture fixture)
    {
        Fixture = fixture;
        Provider.TokenOverride = null;
        Provider.IdTokenClaims = null;
        Provider.UserInfoClaims = null;
        Provider.IdTokenSigner = null;
        Provider.Nonce = null;
        Provider.IssParameterSupported = true;
        Provider.EndSessionEndpoint = null;
        Provider.UserInfoSubject = FakeOidcProvider.Subject;
        Provider.IssueRefreshTokens = true;
        Provider.AccessTokenLifetime = TimeSpan.FromMinutes(5);
        Provider.UserInfoStatus = 200;
        Provider.RequireClientIdInBody = false;
        Provider.ResetLogs();
        Events = App.Services.GetRequiredService<IOptions<AuthEventsOptions>>().Value;
        Events.ForProvider("fake", events =>
        {
            var defaults = new AuthProviderEvents();
            events.OnStateReceived = defaults.OnStateReceived;
            events.ResolveSignIn = defaults.ResolveSignIn;
            events.OnAfterCallback = defaults.OnAfterCallback;
        });
    }

    protected FakeProviderFixture Fixture { get; }

    /// <summary>The app's provider events, reset for <c>fake</c> before each test.</summary>
    protected AuthEventsOptions Events { get; }

    protected FakeOidcProvider Provider => Fixture.Provider;

    protected FakeProviderAppFactory App => Fixture.App;

    protected sealed record Started(AppClient Client, HttpResponseMessage Response, string State, string? Nonce, Uri Location);

    /// <param name="client">A browser that already has cookies (a second sign-in, a silent renewal); default a new one.</param>
    protected async Task<Started> StartAsync(string provider = "fake", string query = "", AppClient? client = null)
    {
        client ??= App.CreateAppClient();
        var response = await client.GetAsync($"/auth/{provider}/start{query}");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var parameters = HttpUtility.ParseQueryString(location.Query);
        Provider.Nonce = parameters["nonce"];
        return new Started(client, response, parameters["state"]!, parameters["nonce"], location);
    }

    protected static Task<HttpResponseMessage> CallbackAsync(AppClient client, string query, string provider = "fake") =>
        client.GetAsync($"/auth/{provider}/handler/frame?{query}");

    protected string Iss => Uri.EscapeDataString(Provider.Issuer);

    protected async Task<HttpResponseMessage> CompleteAsync(Started started, string provider = "fake") =>
        await CallbackAsync(started.Client, $"code=code-1&state={started.State}&iss={Iss}", provider);

    protected async Task<AppClient> SignedInAsync()
    {
        var started = await StartAsync();
        var frame = await CompleteAsync(started);
        Assert.Equal(System.Net.HttpStatusCode.OK, frame.StatusCode);
        return started.Client;
    }

    /// <summary>
    /// Signed in with an access token that lives no time at all: it is always due, so every refresh renews at the provider
    /// until the test gives the provider a longer lifetime.
    /// </summary>
    protected async Task<AppClient> SignedInDueAsync()
    {
        Provider.AccessTokenLifetime = TimeSpan.Zero;
        return await SignedInAsync();
    }

    /// <summary>Signed in with an id_token naming the provider's own session, as a logout from the provider may.</summary>
    protected async Task<AppClient> SignedInWithProviderSessionAsync(string sid)
    {
        Provider.IdTokenClaims = claims => claims["sid"] = sid;
        try
        {
            return await SignedInAsync();
        }
        finally
        {
            Provider.IdTokenClaims = null;
        }
    }
}
