using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

/// <summary>The routes that read a form (the form_post callback, the back-channel logout) refuse any odd body with a 400.</summary>
[Collection(FakeProviderCollection.Name)]
public sealed class FormBodyTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    public static TheoryData<string, string> Bodies => new()
    {
        { "application/x-www-form-urlencoded; charset=utf-7", "state=+AGEAYgBj-" },
        { "application/x-www-form-urlencoded; charset=no-such-charset", "state=x" },
        { "application/x-www-form-urlencoded; charset=utf-32", "state=x" },
        { "application/x-www-form-urlencoded", "state=%FF%FE%00&logout_token=%C0%AF" },
        { "multipart/form-data", "state=x" },
        { "multipart/form-data; boundary=" + new string('b', 200), "--b\r\nContent-Disposition: form-data; name=\"state\"\r\n\r\nx\r\n--b--" },
        { "text/plain", "state=x" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task An_odd_form_is_400_on_both_routes_that_read_one(string contentType, string body)
    {
        foreach (var route in new[] { "/auth/fake/handler/frame", "/auth/fake/backchannel-logout" })
        {
            var response = await App.CreateAppClient().PostAsync(route, request =>
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route} with {contentType} answered {(int)response.StatusCode}");
        }
    }
}
