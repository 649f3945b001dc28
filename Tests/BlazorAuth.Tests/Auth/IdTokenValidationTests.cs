using System.Net;
using System.Text;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Tests.Auth;

/// <summary>In docs/threat-model.md, cases 27-28: every id_token (or userinfo) that must not sign anyone in.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class IdTokenValidationTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    public static TheoryData<string> ClaimFaults =>
        ["exp past", "exp a few minutes past", "iat future", "nbf future", "aud", "azp", "several audiences without azp", "iss", "no sub", "no nonce", "other nonce", "no exp"];

    [Theory]
    [MemberData(nameof(ClaimFaults))]
    public async Task An_id_token_with_a_wrong_claim_is_rejected(string fault)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Provider.IdTokenClaims = claims =>
        {
            switch (fault)
            {
                case "exp past": claims["exp"] = now - 600; claims["iat"] = now - 4000; break;
                case "exp a few minutes past": claims["exp"] = now - 180; claims["iat"] = now - 3780; break;
                case "nbf future": claims["nbf"] = now + 600; break;
                case "several audiences without azp": claims["aud"] = new[] { FakeOidcProvider.ClientId, "another-client" }; break;
                case "iat future": claims["iat"] = now + 3600; claims["exp"] = now + 7200; break;
                case "aud": claims["aud"] = "someone-else"; break;
                case "azp": claims["azp"] = "someone-else"; break;
                case "iss": claims["iss"] = "https://evil.example"; break;
                case "no sub": claims.Remove("sub"); break;
                case "no nonce": claims.Remove("nonce"); break;
                case "other nonce": claims["nonce"] = "not-the-transactions-nonce"; break;
                case "no exp": claims.Remove("exp"); break;
            }
        };
        await AssertRejectedAsync();
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_rejected()
    {
        Provider.IdTokenSigner = claims =>
            Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode(JsonSerializer.Serialize(claims)) + ".";
        await AssertRejectedAsync();
    }

    [Fact]
    public async Task An_hs256_token_signed_with_the_client_secret_is_rejected()
    {
        Provider.IdTokenSigner = claims =>
            Provider.Sign(claims, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(FakeOidcProvider.ClientSecret)), SecurityAlgorithms.HmacSha256);
        await AssertRejectedAsync("ProviderKeysUnknown");
    }

    [Fact]
    public async Task A_token_with_one_flipped_signature_bit_is_rejected()
    {
        Provider.IdTokenSigner = claims =>
        {
            var parts = Provider.Sign(claims, Provider.SigningKey, SecurityAlgorithms.RsaSha256).Split('.');
            var signature = WebEncoders.Base64UrlDecode(parts[2]);
            signature[10] ^= 0x01;
            return $"{parts[0]}.{parts[1]}.{WebEncoders.Base64UrlEncode(signature)}";
        };
        await AssertRejectedAsync();
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_rejected_after_one_key_refresh()
    {
        var stranger = FakeOidcProvider.NewKey("k2");
        Provider.IdTokenSigner = claims => Provider.Sign(claims, stranger, SecurityAlgorithms.RsaSha256);
        await AssertRejectedAsync("ProviderKeysUnknown");
    }

    [Fact]
    public async Task Userinfo_naming_another_subject_is_rejected()
    {
        Provider.UserInfoSubject = "someone-else";
        await AssertRejectedAsync();
    }

    [Fact]
    public async Task A_well_formed_token_is_accepted()
    {
        var started = await StartAsync();
        var response = await CompleteAsync(started);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Fake User", (await FramePageContent.ReadAsync(response)).Message
            .GetProperty("response").GetProperty("profile").GetProperty("displayName").GetString());
    }

    private async Task AssertRejectedAsync(string errorName = "InvalidIdToken")
    {
        var started = await StartAsync();
        var response = await CompleteAsync(started);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        CookieAssert.NothingStored(response, "fake");
        Assert.Equal(errorName, (await FramePageContent.ReadAsync(response)).ErrorName);
    }

    private static string Encode(string json) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(json));
}
