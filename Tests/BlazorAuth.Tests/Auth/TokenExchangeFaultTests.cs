using System.Diagnostics;
using System.Net;
using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>In docs/threat-model.md, cases 21-25: a token endpoint that refuses, hangs, or answers garbage.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class TokenExchangeFaultTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Fact]
    public async Task A_used_code_is_400_nothing_is_stored_and_an_existing_session_is_untouched()
    {
        var client = await SignedInAsync();
        var session = client.Jar.Cookies.Where(c => c.Key.Contains("-session")).ToList();

        Provider.AnswerTokenRequests(400, body: """{"error":"invalid_grant"}""");
        var response = await client.GetAsync("/auth/fake/start");
        Provider.Nonce = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query)["nonce"];
        var state = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query)["state"];
        var frame = await CallbackAsync(client, $"code=used&state={state}&iss={Iss}");

        Assert.Equal(HttpStatusCode.BadRequest, frame.StatusCode);
        CookieAssert.NothingStored(frame, "fake");
        Assert.Equal("InvalidGrant", (await FramePageContent.ReadAsync(frame)).ErrorName);
        Assert.Equal(session, client.Jar.Cookies.Where(c => c.Key.Contains("-session")).ToList());
    }

    [Theory]
    [InlineData(401, "invalid_client")]
    [InlineData(400, "invalid_request")]
    [InlineData(400, "unauthorized_client")]
    public async Task A_client_the_provider_refuses_is_a_configuration_fault_for_the_operator_not_an_untrustworthy_answer(int status, string error)
    {
        Provider.AnswerTokenRequests(status, body: $$"""{"error":"{{error}}"}""");
        var lines = App.Logs.Lines.Count;
        var response = await CompleteAsync(await StartAsync());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        CookieAssert.NothingStored(response, "fake");
        var page = await FramePageContent.ReadAsync(response);
        Assert.Equal("SignInMisconfigured", page.ErrorName);
        var message = page.Message.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("contact the site's operator", message);
        Assert.DoesNotContain(error, message);
        Assert.DoesNotContain("could not be trusted", message);
        Assert.Contains(error, App.Services.GetRequiredService<SignInDiagnostics>().LastOutcome("fake")!.Detail);
        Assert.Contains(App.Logs.Lines.Skip(lines), l => l.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_that_wants_client_id_in_the_body_gets_it_beside_basic_authentication()
    {
        Provider.RequireClientIdInBody = true;
        var response = await CompleteAsync(await StartAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Provider.TokenRequests.Last();
        Assert.Equal(FakeOidcProvider.ClientId, request["client_id"]);
        Assert.StartsWith("Basic ", request["authorization"]);
        Assert.False(request.ContainsKey("client_secret"), "the secret goes in one place only");
    }

    [Fact]
    public async Task A_token_endpoint_that_hangs_is_504_within_the_bound_with_no_retry()
    {
        Provider.TokenOverride = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        var started = await StartAsync();
        var calls = Provider.TokenCalls;
        var clock = Stopwatch.StartNew();
        var response = await CompleteAsync(started);
        clock.Stop();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(12));
        Assert.Equal(calls + 1, Provider.TokenCalls);
        CookieAssert.NothingStored(response, "fake");
        Assert.Equal("ProviderTimeout", (await FramePageContent.ReadAsync(response)).ErrorName);
    }

    [Theory]
    [InlineData(500, "application/json", """{"error":"server_error","leak":"PROVIDER-BODY-SECRET"}""")]
    [InlineData(200, "text/html", "<html>PROVIDER-BODY-SECRET</html>")]
    [InlineData(200, "application/json", """{"access_token":123,"token_type":"Bearer","id_token":"x"}""")]
    [InlineData(200, "application/json", """{"access_token":"a","expires_in":"abc","id_token":"x"}""")]
    [InlineData(200, "application/json", """{"token_type":"Bearer","id_token":"x"}""")]
    [InlineData(200, "application/json", """{"access_token":"a","token_type":"Bearer"}""")]
    [InlineData(200, "application/json", """["access_token"]""")]
    [InlineData(200, "application/json", """{"access_token":"a",""")]
    public async Task A_bad_token_answer_is_502_without_reflecting_the_provider_body(int status, string contentType, string body)
    {
        Provider.AnswerTokenRequests(status, contentType, body);
        var started = await StartAsync();
        var response = await CompleteAsync(started);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        CookieAssert.NothingStored(response, "fake");
        var page = await FramePageContent.ReadAsync(response);
        Assert.DoesNotContain("PROVIDER-BODY-SECRET", page.Html);
    }

    [Fact]
    public async Task A_token_endpoint_that_redirects_is_not_followed_and_is_502()
    {
        var userInfoCalls = Provider.UserInfoCalls.Count;
        Provider.TokenOverride = context =>
        {
            context.Response.Redirect(Provider.Issuer + "/userinfo");
            return Task.CompletedTask;
        };
        var started = await StartAsync();
        var response = await CompleteAsync(started);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        CookieAssert.NothingStored(response, "fake");
        Assert.Equal(userInfoCalls, Provider.UserInfoCalls.Count);
    }

    [Fact]
    public async Task The_code_is_exchanged_with_basic_auth_pkce_and_the_exact_redirect_uri()
    {
        var started = await StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await CallbackAsync(started.Client, $"code=exact-code&state={started.State}&iss={Iss}")).StatusCode);
        var request = Provider.TokenRequests.Single(r => r.GetValueOrDefault("code") == "exact-code");
        Assert.Equal("authorization_code", request["grant_type"]);
        Assert.Equal(FakeProviderAppFactory.AppOrigin + "/auth/fake/handler/frame", request["redirect_uri"]);
        Assert.Equal(43, request["code_verifier"].Length);
        Assert.StartsWith("Basic ", request["authorization"]);
        Assert.False(request.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task A_provider_configured_for_client_secret_post_gets_the_secret_in_the_form()
    {
        var started = await StartAsync("post");
        Assert.Equal(HttpStatusCode.OK, (await CallbackAsync(started.Client, $"code=post-code&state={started.State}&iss={Iss}", "post")).StatusCode);
        var request = Provider.TokenRequests.Single(r => r.GetValueOrDefault("code") == "post-code");
        Assert.Equal(FakeOidcProvider.ClientSecret, request["client_secret"]);
        Assert.Equal(FakeOidcProvider.ClientId, request["client_id"]);
        Assert.Equal("", request["authorization"]);
    }
}
