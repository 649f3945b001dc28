using System.Net;
using System.Web;

namespace BlazorAuth.Tests.Support;

/// <summary>A whole sign-in with provider <c>fake</c> of an app on a <see cref="FakeOidcProvider"/>, for tests with apps of their own.</summary>
public static class FakeSignIn
{
    public sealed record SignedIn(AppClient Client, string State, string Ticket);

    public static async Task<SignedIn> SignInAsync(FakeProviderAppFactory app, FakeOidcProvider provider, string? providerSession = null)
    {
        var client = app.CreateAppClient();
        var start = await client.GetAsync("/auth/fake/start");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var parameters = HttpUtility.ParseQueryString(start.Headers.Location!.Query);
        provider.Nonce = parameters["nonce"];
        provider.IdTokenClaims = providerSession is null ? null : claims => claims["sid"] = providerSession;
        try
        {
            var frame = await client.GetAsync($"/auth/fake/handler/frame?code=code-1&state={parameters["state"]}&iss={Uri.EscapeDataString(provider.Issuer)}");
            Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
            return new SignedIn(client, parameters["state"]!, (await FramePageContent.ReadAsync(frame)).Ticket!);
        }
        finally
        {
            provider.IdTokenClaims = null;
        }
    }
}
