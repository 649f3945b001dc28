using System.Net;
using BlazorAuth.Auth.Providers.Oidc;
using BlazorAuth.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Tests.Auth;

/// <summary>OIDC Back-Channel Logout 1.0: a valid logout token ends the matching sessions; anything else is 400 and ends nothing.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class BackchannelLogoutTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    private const string ProviderSession = "op-session-7";

    [Fact]
    public async Task A_logout_token_naming_the_providers_session_ends_it()
    {
        var client = await SignedInWithProviderSessionAsync(ProviderSession);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(LogoutToken(c => c.Remove("sub")))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_logout_token_naming_only_the_user_ends_all_their_sessions()
    {
        var first = await SignedInWithProviderSessionAsync(ProviderSession);
        var second = await SignedInWithProviderSessionAsync(ProviderSession);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(LogoutToken(c => c.Remove("sid")))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    public static TheoryData<string> Faults =>
        ["other key", "aud", "iss", "no events", "other event", "nonce", "no sub or sid", "old iat", "future iat", "no jti", "not a jwt"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_logout_token_that_is_wrong_in_any_way_is_400_and_ends_nothing(string fault)
    {
        var client = await SignedInWithProviderSessionAsync(ProviderSession);
        var token = fault switch
        {
            "other key" => Provider.Sign(Claims(), FakeOidcProvider.NewKey("k1"), SecurityAlgorithms.RsaSha256),
            "not a jwt" => "not.a.jwt",
            _ => LogoutToken(c =>
            {
                switch (fault)
                {
                    case "aud": c["aud"] = "someone-else"; break;
                    case "iss": c["iss"] = "https://evil.example"; break;
                    case "no events": c.Remove("events"); break;
                    case "other event": c["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/other"] = new { } }; break;
                    case "nonce": c["nonce"] = "n"; break;
                    case "no sub or sid": c.Remove("sub"); c.Remove("sid"); break;
                    case "old iat": c["iat"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(); break;
                    case "future iat": c["iat"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(); break;
                    case "no jti": c.Remove("jti"); break;
                }
            }),
        };

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_logout_token_is_400()
    {
        var token = LogoutToken(_ => { });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_form_is_400()
    {
        var response = await App.CreateAppClient().PostAsync("/auth/fake/backchannel-logout", r =>
            r.Content = new StringContent("{\"logout_token\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Dictionary<string, object> Claims() => new()
    {
        ["iss"] = Provider.Issuer,
        ["aud"] = FakeOidcProvider.ClientId,
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["jti"] = Guid.NewGuid().ToString("N"),
        ["sub"] = FakeOidcProvider.Subject,
        ["sid"] = ProviderSession,
        ["events"] = new Dictionary<string, object> { [LogoutTokenValidator.LogoutEvent] = new { } },
    };

    private string LogoutToken(Action<Dictionary<string, object>> change)
    {
        var claims = Claims();
        change(claims);
        return Provider.Sign(claims, Provider.SigningKey, SecurityAlgorithms.RsaSha256);
    }

    private Task<HttpResponseMessage> PostAsync(string logoutToken) =>
        App.CreateAppClient().PostAsync("/auth/fake/backchannel-logout", r =>
            r.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = logoutToken }));
}
