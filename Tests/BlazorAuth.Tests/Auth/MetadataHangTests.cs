using System.Diagnostics;
using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace BlazorAuth.Tests.Auth;

/// <summary>A provider that hangs before the app has its metadata: the user waits one back-channel timeout, not two.</summary>
public sealed class MetadataHangTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly FakeOidcProvider _provider = new() { HangMetadata = true };
    private FakeProviderAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _provider.StartAsync();
        _app = new FakeProviderAppFactory(_provider, builder => builder.UseSetting("Auth:BackchannelTimeout", Timeout.ToString()));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Start_answers_a_timeout_within_one_backchannel_timeout_and_works_once_the_provider_answers()
    {
        var client = _app.CreateAppClient();
        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync("/auth/fake/start");
        clock.Stop();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("ProviderTimeout", (await FramePageContent.ReadAsync(response)).ErrorName);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Timeout * 1.5);

        // One warning line per failure, with its cause and no stack trace (that is for Debug).
        var warnings = _app.Logs.Lines.Where(l => l.StartsWith("Warning BlazorAuth", StringComparison.Ordinal)).ToList();
        Assert.InRange(warnings.Count, 1, 3);
        Assert.All(warnings, w => Assert.DoesNotContain("   at ", w));
        Assert.Contains(warnings, w => w.Contains("Sign-in with provider fake failed: ProviderTimeout", StringComparison.Ordinal));

        _provider.HangMetadata = false;
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/auth/fake/start")).StatusCode);
    }
}
