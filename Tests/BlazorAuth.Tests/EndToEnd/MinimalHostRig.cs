using BlazorAuth.Tests.Support;
using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>What a test of the template-shaped host starts and stops: the demo provider, the host signing in through it, and Chromium.</summary>
public sealed class MinimalHostRig : IAsyncDisposable
{
    private IPlaywright _playwright = null!;

    private MinimalHostRig(DemoAppFactory demo) => Demo = demo;

    public DemoAppFactory Demo { get; }

    public MinimalHostProcess Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <param name="demoSettings">More settings for the demo provider's app (its access tokens' lifetime).</param>
    public static async Task<MinimalHostRig> StartAsync(IReadOnlyDictionary<string, string>? demoSettings = null)
    {
        var port = FreePort.Next();
        var settings = new Dictionary<string, string>(MinimalHostProcess.DemoProviderSettingsFor(port));
        foreach (var (key, value) in demoSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var rig = new MinimalHostRig(new DemoAppFactory(settings: settings));
        await rig.Demo.StartAsync();
        rig.Host = await MinimalHostProcess.StartAsync(port, rig.Demo.DemoUrl, rig.Demo.ClientSecret.Value);
        rig._playwright = await Playwright.CreateAsync();
        rig.Browser = await Chromium.LaunchAsync(rig._playwright);
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
        await Demo.DisposeAsync();
    }
}
