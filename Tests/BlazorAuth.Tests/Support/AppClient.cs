using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorAuth.Tests.Support;

/// <summary>An HTTP client for the app that acts like one browser: its own cookie jar, no automatic redirects.</summary>
public sealed class AppClient(HttpClient http)
{
    /// <summary>A browser on <paramref name="origin"/>, the app's public origin, with its own jar and no automatic redirects.</summary>
    public static AppClient At(WebApplicationFactory<Program> app, string origin) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(origin) }));

    public CookieJar Jar { get; } = new();

    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string url, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, url, configure);

    public Task<HttpResponseMessage> PostAsync(string url, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, url, configure);

    /// <summary>A call the way the app's JS module makes it: with the X-Requested-With header.</summary>
    public Task<HttpResponseMessage> AppCallAsync(HttpMethod method, string url) =>
        SendAsync(method, url, r => r.Headers.Add("X-Requested-With", "XMLHttpRequest"));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, url);
        Jar.AddTo(request);
        configure?.Invoke(request);
        var response = await http.SendAsync(request);
        Jar.Apply(response);
        return response;
    }
}
