using System.Net;
using System.Web;
using BlazorAuth.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// A provider that starts signing with a new key: sign-ins and refreshes wait for one fresh key set, made-up key ids
/// cannot turn into a stream of fetches, and a key the provider does not publish keeps the session.
/// Each test has its own provider and app, since it changes the provider's keys.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private readonly FakeOidcProvider _provider = new();
    private FakeProviderAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _provider.StartAsync();
        _app = new FakeProviderAppFactory(_provider);

        // The app has four providers at this one server, each with its own metadata: all loaded before anything is
        // counted, so no start-up fetch lands in a test's count.
        foreach (var id in new[] { "fake", "other", "post", "corp" })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await _app.CreateAppClient().GetAsync($"/auth/{id}/start")).StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_sign_in_after_the_provider_rotated_its_key_succeeds_after_one_key_fetch(bool oldKeyStillPublished)
    {
        await SignInAsync();
        var fetches = _provider.JwksRequests;

        _provider.RotateKey("k2", oldKeyStillPublished);
        var (_, frame) = await SignInAsync();

        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal(fetches + 1, _provider.JwksRequests);
    }

    [Fact]
    public async Task A_session_refreshed_after_the_rotation_stays_signed_in()
    {
        var (client, _) = await SignInAsync();
        _provider.RotateKey("k2", keepOld: false);

        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task Tokens_naming_keys_nobody_publishes_cause_one_fetch_not_one_each()
    {
        await SignInAsync();
        _provider.RotateKey("k2", keepOld: false);
        await SignInAsync();
        var fetches = _provider.JwksRequests;

        for (var i = 0; i < 5; i++)
        {
            var stranger = FakeOidcProvider.NewKey("made-up-" + i);
            _provider.IdTokenSigner = claims => _provider.Sign(claims, stranger, SecurityAlgorithms.RsaSha256);
            var (_, frame) = await SignInAsync();
            Assert.Equal(HttpStatusCode.BadGateway, frame.StatusCode);
            Assert.Equal("ProviderKeysUnknown", (await FramePageContent.ReadAsync(frame)).ErrorName);
        }

        Assert.Equal(fetches, _provider.JwksRequests);
    }

    [Fact]
    public async Task A_refresh_signed_with_a_key_the_provider_does_not_publish_ends_the_session_rather_than_spend_its_token_again()
    {
        _provider.AccessTokenLifetime = TimeSpan.Zero;
        var (client, _) = await SignInAsync();
        var stranger = FakeOidcProvider.NewKey("unpublished");
        _provider.IdTokenSigner = claims => _provider.Sign(claims, stranger, SecurityAlgorithms.RsaSha256);

        // The provider rotated the refresh token before the app could check its answer: the old token is spent, and the
        // answer cannot be trusted, so there is no way on that does not present a spent token again.
        var refused = await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("\"SessionEnded\"", await refused.Content.ReadAsStringAsync());
        Assert.True(CookieAssert.IsDeletion(CookieAssert.Find(refused, "__Host-fake-session")!));

        _provider.IdTokenSigner = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Single(_provider.TokenRequests, r => r.GetValueOrDefault("grant_type") == "refresh_token");
    }

    private async Task<(AppClient Client, HttpResponseMessage Frame)> SignInAsync()
    {
        var client = _app.CreateAppClient();
        var start = await client.GetAsync("/auth/fake/start");
        var query = HttpUtility.ParseQueryString(start.Headers.Location!.Query);
        _provider.Nonce = query["nonce"];
        var frame = await client.GetAsync($"/auth/fake/handler/frame?code=c&state={query["state"]}&iss={Uri.EscapeDataString(_provider.Issuer)}");
        return (client, frame);
    }
}
