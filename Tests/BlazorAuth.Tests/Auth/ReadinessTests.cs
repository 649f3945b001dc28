using System.Net;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// <c>/readyz</c> is anonymous: however many ask at once, each provider sees at most one probe in flight, a burst
/// from one address is refused, and only operators learn which providers exist and which are down.
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private const int Providers = 4;
    private readonly FakeOidcProvider _provider = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakeProviderAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _provider.StartAsync();
        _app = new FakeProviderAppFactory(_provider, builder =>
        {
            builder.UseSetting("Auth:OpenOperatorPagesInDevelopment", "false");
            builder.UseSetting("Auth:RateLimit:Burst", "5");
            builder.UseSetting("Auth:RateLimit:PerMinute", "6");
            builder.UseSetting("Auth:BackchannelTimeout", "00:00:02");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(_time);
                services.AddSingleton<IStartupFilter, PeerFromTestHeader>();
            });
        });
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        _provider.HangAuthorize = false;
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Many_parallel_checks_send_each_provider_one_probe_even_while_it_hangs()
    {
        var first = await ReadyzManyAsync(100);
        Assert.All(first, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(Providers, _provider.AuthorizePrompts.Count);

        // The minute passed: one new probe per provider, whoever asks (they take the last answer meanwhile).
        _time.Advance(TimeSpan.FromMinutes(2));
        await ReadyzManyAsync(100);
        await WaitForProbesAsync(2 * Providers);
        Assert.Equal(2 * Providers, _provider.AuthorizePrompts.Count);

        // The provider hangs: callers take the last answer at once rather than each waiting on a probe of their own.
        _provider.HangAuthorize = true;
        _time.Advance(TimeSpan.FromMinutes(2));
        var whileHanging = await ReadyzManyAsync(150).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(whileHanging, s => Assert.Equal(HttpStatusCode.OK, s));
        await WaitForProbesAsync(3 * Providers);
        Assert.Equal(3 * Providers, _provider.AuthorizePrompts.Count);

        // Once the hanging probes time out (the timeouts run on the app's clock), the check says so, still without a
        // probe per caller.
        _time.Advance(TimeSpan.FromSeconds(3));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode last;
        do
        {
            await Task.Delay(250);
            last = (await _app.CreateAppClient().GetAsync("/readyz")).StatusCode;
        }
        while (last == HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, last);
        Assert.Equal(3 * Providers, _provider.AuthorizePrompts.Count);
    }

    [Fact]
    public async Task Anyone_but_an_operator_learns_only_healthy_or_unhealthy()
    {
        var ready = await _app.CreateAppClient().GetAsync("/readyz");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Single(json.RootElement.EnumerateObject());
        Assert.DoesNotContain("fake", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("providers", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_burst_of_checks_from_one_address_is_429_with_retry_after_and_another_address_goes_on()
    {
        var client = _app.CreateAppClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await ReadyzFromAsync(client, "198.51.100.9")).StatusCode);
        }

        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.OK, s));
        var limited = await ReadyzFromAsync(client, "198.51.100.9");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await ReadyzFromAsync(client, "203.0.113.10")).StatusCode);
    }

    /// <summary>Until the provider has seen <paramref name="count"/> probes, and half a second more for any stragglers.</summary>
    private async Task WaitForProbesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_provider.AuthorizePrompts.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);
    }

    [Fact]
    public async Task A_provider_the_last_check_found_down_gets_no_popup_sent_to_it_but_the_apps_own_page_saying_so()
    {
        _provider.AuthorizeStatus = 503;

        // The probe's client retries a 503 once, after a delay on the app's clock: the clock moves on until it has.
        var ready = _app.CreateAppClient().GetAsync("/readyz");
        while (!ready.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(ready, Task.Delay(50));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await ready).StatusCode);

        var start = await _app.CreateAppClient().GetAsync("/auth/fake/start");

        Assert.Equal(HttpStatusCode.BadGateway, start.StatusCode);
        Assert.Null(start.Headers.Location);
        var page = await FramePageContent.ReadAsync(start);
        Assert.Equal("ProviderUnavailable", page.ErrorName);
        Assert.Contains("could not be reached", page.Message.GetProperty("error").GetProperty("message").GetString());

        // Once a minute has passed, the app no longer assumes: the user may try, and the next check tells.
        _provider.AuthorizeStatus = null;
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Found, (await _app.CreateAppClient().GetAsync("/auth/fake/start")).StatusCode);
    }

    private async Task<HttpStatusCode[]> ReadyzManyAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ => (await _app.CreateAppClient().GetAsync("/readyz")).StatusCode));

    private static Task<HttpResponseMessage> ReadyzFromAsync(AppClient client, string peer) =>
        client.GetAsync("/readyz", r => r.Headers.Add(PeerFromTestHeader.Header, peer));
}
