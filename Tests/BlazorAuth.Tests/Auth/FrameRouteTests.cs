using System.Net;
using BlazorAuth.Auth.Transactions;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Auth;

/// <summary>In docs/threat-model.md, cases 6-15: the callback's state, binding, errors and encoding.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class FrameRouteTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    [Fact]
    public async Task No_state_is_400_and_nothing_is_stored()
    {
        var started = await StartAsync();
        var response = await CallbackAsync(started.Client, $"code=c&iss={Iss}");
        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "InvalidState");
    }

    [Fact]
    public async Task A_missing_binding_cookie_is_400()
    {
        var started = await StartAsync();
        started.Client.Jar.Remove("__Host-fake-nonce");
        await AssertRefusedAsync(await CompleteAsync(started), HttpStatusCode.BadRequest, "InvalidState");
    }

    [Fact]
    public async Task A_binding_cookie_that_differs_from_the_state_is_400()
    {
        var started = await StartAsync();
        started.Client.Jar.Set("__Host-fake-nonce", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await AssertRefusedAsync(await CompleteAsync(started), HttpStatusCode.BadRequest, "InvalidState");
    }

    [Fact]
    public async Task A_state_with_one_flipped_bit_is_400()
    {
        var started = await StartAsync();
        var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(started.State);
        bytes[bytes.Length / 2] ^= 0x01;
        var tampered = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);
        await AssertRefusedAsync(await CallbackAsync(started.Client, $"code=c&state={tampered}&iss={Iss}"), HttpStatusCode.BadRequest, "InvalidState");
    }

    [Fact]
    public async Task Replaying_a_completed_callback_with_a_copy_of_its_cookies_is_400_with_no_second_token_request()
    {
        var started = await StartAsync();
        // The attacker holds the callback URL and the binding cookie as they were before the victim used them.
        var attacker = App.CreateAppClient();
        started.Client.Jar.CopyTo(attacker.Jar);
        var callback = $"code=replayed-code&state={started.State}&iss={Iss}";
        Assert.Equal(HttpStatusCode.OK, (await CallbackAsync(started.Client, callback)).StatusCode);

        Assert.Null(started.Client.Jar["__Host-fake-nonce"]);
        Assert.NotNull(attacker.Jar["__Host-fake-nonce"]);
        var replay = await CallbackAsync(attacker, callback);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        CookieAssert.NothingStored(replay, "fake");
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(replay)).ErrorName);
        Assert.Equal(1, Provider.TokenRequests.Count(r => r.GetValueOrDefault("code") == "replayed-code"));
    }

    [Fact]
    public async Task A_transaction_that_ended_in_an_error_is_spent_too()
    {
        var started = await StartAsync();
        var attacker = App.CreateAppClient();
        started.Client.Jar.CopyTo(attacker.Jar);
        var denied = await CallbackAsync(started.Client, $"error=access_denied&state={started.State}&iss={Iss}");
        Assert.Equal("ProviderError", (await FramePageContent.ReadAsync(denied)).ErrorName);

        await AssertRefusedAsync(await CallbackAsync(attacker, $"code=c&state={started.State}&iss={Iss}"), HttpStatusCode.BadRequest, "InvalidState");
    }

    [Fact]
    public async Task A_transaction_older_than_ten_minutes_is_400()
    {
        var protector = App.Services.GetRequiredService<TransactionProtector>();
        var old = new AuthTransaction("old-transaction-id-0123456789", "fake", Provider.Issuer, true, "v", "n", SignInFlow.Popup, null,
            "openid", FakeProviderAppFactory.AppOrigin, FakeProviderAppFactory.AppOrigin, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(11));
        var client = App.CreateAppClient();
        client.Jar.Set("__Host-fake-nonce", old.Id);
        await AssertRefusedAsync(await CallbackAsync(client, $"code=c&state={protector.Protect(old)}&iss={Iss}"), HttpStatusCode.BadRequest, "InvalidState");
    }

    [Fact]
    public async Task An_iss_that_differs_from_the_expected_issuer_is_400_with_no_exchange()
    {
        var started = await StartAsync();
        var response = await CallbackAsync(started.Client, $"code=c&state={started.State}&iss={Uri.EscapeDataString("https://evil.example")}");
        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "IssuerMismatch");

        // Neither value is secret, and an operator needs both to tell a mix-up from a provider's encoding quirk.
        Assert.Contains(App.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains("\"https://evil.example\"", StringComparison.Ordinal) && l.Contains($"\"{Provider.Issuer}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_iss_where_the_metadata_promises_it_is_400()
    {
        var started = await StartAsync();
        await AssertRefusedAsync(await CallbackAsync(started.Client, $"code=c&state={started.State}"), HttpStatusCode.BadRequest, "IssuerMismatch");
    }

    [Fact]
    public async Task A_state_from_one_provider_delivered_to_another_is_400()
    {
        var started = await StartAsync("fake");
        var tokenCalls = Provider.TokenCalls;
        started.Client.Jar.Set("__Host-other-nonce", started.Client.Jar["__Host-fake-nonce"]!);
        var response = await CallbackAsync(started.Client, $"code=c&state={started.State}&iss={Iss}", "other");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        CookieAssert.NothingStored(response, "other");
        Assert.Equal("InvalidState", (await FramePageContent.ReadAsync(response)).ErrorName);
        Assert.Equal(tokenCalls, Provider.TokenCalls);
    }

    [Theory]
    [InlineData("error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("error_code=access_denied&error_message=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")]
    [InlineData("code=c&error=access_denied&error_description=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    public async Task A_provider_error_is_an_error_page_with_no_raw_markup(string parameters)
    {
        var started = await StartAsync();
        var response = await CallbackAsync(started.Client, $"{parameters}&state={started.State}&iss={Iss}");
        var page = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "ProviderError");
        Assert.DoesNotContain("<script>alert", page.Html);
        Assert.DoesNotContain("<img", page.Html);
        Assert.Contains("access_denied", page.Message.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Provider_text_is_cut_to_200_characters()
    {
        var started = await StartAsync();
        var response = await CallbackAsync(started.Client, $"error=x&error_description={new string('y', 5000)}&state={started.State}&iss={Iss}");
        var page = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "ProviderError");
        Assert.DoesNotContain(new string('y', 201), page.Message.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("</script><script>alert(1)</script>")]
    [InlineData("\"';alert(1);//")]
    [InlineData("\u2028\u2029<!--")]
    public async Task Script_breakout_text_leaves_exactly_one_script_whose_hash_matches_the_csp(string text)
    {
        var started = await StartAsync();
        var response = await CallbackAsync(started.Client, $"error=e&error_description={Uri.EscapeDataString(text)}&state={started.State}&iss={Iss}");
        var page = await FramePageContent.ReadAsync(response);
        Assert.DoesNotContain("</script><script>", page.Script);
        Assert.DoesNotContain("\u2028", page.Script);
        Assert.DoesNotContain("<!--", page.Script);
        Assert.EndsWith(text, page.Message.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_frame_page_has_its_security_headers_and_no_token_in_any_url()
    {
        var started = await StartAsync();
        var response = await CompleteAsync(started);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Null(response.Headers.Location);
        var page = await FramePageContent.ReadAsync(response);
        Assert.Equal(FakeProviderAppFactory.AppOrigin, page.TargetOrigin);
        Assert.DoesNotContain("\"*\"", page.Script);
        Assert.Contains("window.opener", page.Script);
        Assert.Contains("id=\"alone\" hidden", page.Html);
    }

    [Fact]
    public async Task A_post_callback_for_form_post_is_read_from_the_form()
    {
        var started = await StartAsync();
        var response = await started.Client.PostAsync("/auth/fake/handler/frame", r =>
            r.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "c-post", ["state"] = started.State, ["iss"] = Provider.Issuer }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<FramePageContent> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string errorName)
    {
        Assert.Equal(status, response.StatusCode);
        CookieAssert.NothingStored(response, "fake");
        var page = await FramePageContent.ReadAsync(response);
        Assert.Equal(errorName, page.ErrorName);
        Assert.DoesNotContain(Provider.TokenRequests, r => r.GetValueOrDefault("code") == "c");
        return page;
    }
}
