namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// Neither the app nor its embedded demo provider names its server software: a header that tells a scanner which
/// server to look up vulnerabilities for, and tells a user nothing. Only Kestrel writes it, hence a real Kestrel here.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServerHeaderTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("app", "/")]
    [InlineData("app", "/auth/demo/start")]
    [InlineData("app", "/no/such/page")]
    [InlineData("demo", "/.well-known/openid-configuration")]
    public async Task No_answer_names_the_server(string host, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var answer = await client.GetAsync((host == "app" ? fixture.App.AppOrigin : fixture.App.DemoUrl) + path);
        Assert.True((int)answer.StatusCode is 200 or 302 or 404, $"{path} answered {(int)answer.StatusCode}");
        Assert.Empty(answer.Headers.Server);
    }
}
