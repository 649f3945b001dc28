using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Auth;

/// <summary>The scan every app of the suite goes through when it stops (docs/threat-model.md, case 42) finds what it looks for.</summary>
public sealed class LeakedSecretsTests
{
    [Theory]
    [InlineData("GET /auth/demo/handler/frame?code=abc", "code= or state=")]
    [InlineData("redirect to https://idp/authorize?x=1&state=CfD", "code= or state=")]
    [InlineData("Authorization: Basic ZmFrZS1jbGllbnQ6c2VjcmV0", "Basic credentials")]
    [InlineData("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2ln", "JWT or JWE")]
    [InlineData("jwe eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..aXY.Y3Q.dGFn", "JWT or JWE")]
    [InlineData("cookie CfDJ8AbCdEfGhIjKlMnOpQrStUv", "Data Protection payload")]
    [InlineData("refresh rt-0123456789abcdef0123456789abcdef failed", "code or token of a test double")]
    [InlineData("client secret fake-client-secret-long-enough-for-hs256-0123456789", "known secret")]
    public void Each_kind_of_secret_is_found(string line, string kind) =>
        Assert.Equal(kind, LeakedSecrets.KindIn(line, []));

    [Theory]
    [InlineData("Sign-in completed with provider demo in 42 ms")]
    [InlineData("Request refused on refresh for provider fake: InvalidRequest")]
    [InlineData("error_code=access_denied from the provider")]
    [InlineData("HTTP POST https://fake.example/token")]
    public void Ordinary_lines_pass(string line) => Assert.Null(LeakedSecrets.KindIn(line, ["per-run-secret"]));

    [Fact]
    public void A_secret_of_one_app_is_found()
    {
        Assert.Equal("known secret", LeakedSecrets.KindIn("with per-run-secret", ["per-run-secret"]));
    }

    [Fact]
    public async Task An_app_that_logged_a_token_fails_when_it_stops()
    {
        var app = new ScannedAppFactory(PlainOAuth2Provider.Configure);
        app.LeaveOutOfScansAfterEachTest();
        var logger = app.Services.GetRequiredService<ILogger<LeakedSecretsTests>>();
        logger.LogInformation("Received {Token}", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2ln");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () => await app.DisposeAsync());
        Assert.Contains("[JWT or JWE]", failure.Message);
    }

    [Fact]
    public void A_secret_in_a_running_apps_log_is_found_by_a_scan_while_it_runs()
    {
        using var app = new ScannedAppFactory(PlainOAuth2Provider.Configure);
        app.LeaveOutOfScansAfterEachTest();
        var logger = app.Services.GetRequiredService<ILogger<LeakedSecretsTests>>();
        logger.LogInformation("Received {Token}", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2ln");

        Assert.Contains("[JWT or JWE]", Assert.Single(app.TakeNewLeaks()));
        Assert.Empty(app.TakeNewLeaks());
    }
}
