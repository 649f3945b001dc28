using System.Net;
using System.Security.Claims;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

/// <summary>The user's claims as the app sees them: which claim is the name, which are roles, and what a session keeps.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class ClaimsTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    private static readonly UserProfile Profile = new("user-1", "https://idp.example.com", null, "ada@example.com", "Ada Lovelace", null,
        [new("role", "reader"), new(ClaimTypes.Role, "admin"), new("preferred_username", "ada")]);

    [Fact]
    public void Roles_come_from_the_role_claim_and_from_the_long_uri_type_a_mapping_handler_gives()
    {
        var user = new SignedInUser("p", "s", Profile, null).ToPrincipal();
        Assert.True(user.IsInRole("reader"));
        Assert.True(user.IsInRole("admin"));
        Assert.Equal("Ada Lovelace", user.Identity!.Name);
    }

    [Fact]
    public void The_name_and_role_claim_types_are_the_configured_ones()
    {
        var user = new SignedInUser("p", "s", Profile, null).ToPrincipal(nameClaimType: "preferred_username", roleClaimType: "groups");
        Assert.Equal("ada", user.Identity!.Name);
        Assert.True(user.IsInRole("admin"));
        Assert.False(user.IsInRole("reader"));
    }

    [Fact]
    public void Claims_past_the_budget_are_dropped_and_named()
    {
        var many = Profile with { Claims = [.. Enumerable.Range(0, 10).Select(i => new KeyValuePair<string, string>($"group{i}", new string('x', 100)))] };
        var kept = ProfileBounds.Apply(many, 500, out var dropped);
        Assert.Equal(4, kept.Claims.Count);
        Assert.Equal(["group4", "group5", "group6", "group7", "group8", "group9"], dropped);

        Assert.Same(many, ProfileBounds.Apply(many, 8192, out var none));
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_sign_in_whose_claims_exceed_the_budget_succeeds_and_logs_which_claims_it_did_not_keep()
    {
        var logged = App.Logs.Lines.Count;
        Provider.IdTokenClaims = claims =>
        {
            for (var i = 0; i < 40; i++)
            {
                claims[$"group{i:00}"] = new string('g', 250);
            }
        };
        var client = await SignedInAsync();
        Provider.IdTokenClaims = null;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
        var line = Assert.Single(App.Logs.Lines.Skip(logged), l => l.Contains("were not kept", StringComparison.Ordinal));
        Assert.Contains("Auth:MaxClaimCharacters", line);
        Assert.Contains("group39", line);
        Assert.DoesNotContain("group00", line);
    }

    [Theory]
    [InlineData("Auth:MaxClaimCharacters", "100", "Auth:MaxClaimCharacters must be between")]
    [InlineData("Auth:NameClaimType", " ", "Auth:NameClaimType and Auth:RoleClaimType must name a claim.")]
    public void Claim_settings_out_of_range_stop_the_app_at_start_up(string key, string value, string error) =>
        Assert.Contains(error, StartupValidation.ErrorsFor(new Dictionary<string, string?>
        {
            ["Auth:PublicOrigin"] = "https://app.example.com",
            [key] = value,
        }));
}
