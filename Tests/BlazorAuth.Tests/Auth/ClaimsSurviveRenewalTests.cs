using System.Security.Claims;
using BlazorAuth.Auth.Circuit;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.Schemes;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Auth;

/// <summary>Claims the app adds, by its scheme's events or its claims transformation, are still there after a renewal.</summary>
public sealed class ClaimsSurviveRenewalTests
{
    [Fact]
    public void A_refresh_through_a_scheme_keeps_the_apps_claims_and_adds_none_of_the_protocols()
    {
        KeyValuePair<string, string>[] signedIn = [new("sub", "1"), new("name", "Ada"), new("department", "research"), new("role", "a"), new("role", "b")];
        KeyValuePair<string, string>[] token = [new("sub", "1"), new("name", "Ada L."), new("nonce", "n"), new("aud", "app"), new("exp", "1"), new("role", "c")];

        var merged = RefreshedClaims.Merge(signedIn, token);

        Assert.Equal([new("sub", "1"), new("name", "Ada L."), new("department", "research"), new("role", "c")], merged);
    }

    [Fact]
    public async Task The_circuit_runs_the_hosts_claims_transformation_on_each_user_it_takes()
    {
        using var store = new TempStore();
        {
            var options = Options.Create(new AuthOptions());
            var registry = new SessionRegistry(store.Store, new EphemeralDataProtectionProvider(), TimeProvider.System, options);
            var circuit = new CircuitAuthenticationStateProvider(NullLoggerFactory.Instance, registry, TimeProvider.System, options, new AddsDepartment());

            circuit.SignIn(new SignedInUser("p", "s", new UserProfile("1", "https://idp.example.com", null, null, "Ada", null, []), null));

            var user = (await circuit.GetAuthenticationStateAsync()).User;
            Assert.Equal("research", user.FindFirst("department")?.Value);
            Assert.Equal("Ada", user.Identity!.Name);
        }
    }

    private sealed class AddsDepartment : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            var identity = new ClaimsIdentity(principal.Identity, [new Claim("department", "research")]);
            return Task.FromResult(new ClaimsPrincipal(identity));
        }
    }
}
