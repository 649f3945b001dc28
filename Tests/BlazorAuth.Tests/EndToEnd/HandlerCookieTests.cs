using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// A scheme's handler sets a correlation and a nonce cookie per sign-in started, for 15 minutes, and a callback that
/// fails (a silent renewal's login_required) leaves them: in a real browser, whose cookie rules decide what is sent
/// where, they must not pile up until the callback is refused with 431.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HandlerCookieTests(BrowserFixture fixture)
{
    private const string Provider = "framework";

    [Fact]
    public async Task Many_started_and_failed_sign_ins_leave_at_most_one_set_of_handler_cookies_and_the_callback_is_never_431()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var api = context.APIRequest;
        var origin = fixture.App.AppOrigin;

        for (var i = 0; i < 84; i++)
        {
            var start = await api.GetAsync($"{origin}/auth/{Provider}/start", new APIRequestContextOptions { MaxRedirects = 0 });
            Assert.Equal(302, start.Status);

            // Every fourth one comes back failed, as a silent renewal's does when the provider's session is gone.
            if (i % 4 == 3)
            {
                var state = System.Web.HttpUtility.ParseQueryString(new Uri(start.Headers["location"]).Query)["state"];
                var failed = await api.PostAsync($"{origin}/auth/{Provider}/handler/frame", new APIRequestContextOptions
                {
                    MaxRedirects = 0,
                    Form = FormOf(api, ("error", "login_required"), ("state", state!), ("iss", fixture.App.DemoUrl + "/")),
                });
                Assert.Equal(400, failed.Status);
            }
        }

        var handlerCookies = (await context.CookiesAsync([origin + $"/auth/{Provider}/handler/frame"]))
            .Where(c => c.Name.StartsWith(".AspNetCore.", StringComparison.Ordinal))
            .ToList();
        Assert.InRange(handlerCookies.Count, 0, 2);

        var last = await api.GetAsync($"{origin}/auth/{Provider}/start", new APIRequestContextOptions { MaxRedirects = 0 });
        var lastState = System.Web.HttpUtility.ParseQueryString(new Uri(last.Headers["location"]).Query)["state"];
        var callback = await api.PostAsync($"{origin}/auth/{Provider}/handler/frame", new APIRequestContextOptions
        {
            MaxRedirects = 0,
            Form = FormOf(api, ("error", "access_denied"), ("state", lastState!), ("iss", fixture.App.DemoUrl + "/")),
        });
        Assert.Equal(400, callback.Status);
        Assert.Contains("\"name\":\"ProviderError\"", await callback.TextAsync());
    }

    private static IFormData FormOf(IAPIRequestContext api, params (string Name, string Value)[] fields)
    {
        var form = api.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
