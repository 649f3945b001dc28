using BlazorAuth.Tests.Auth;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>What a person sees when the app runs on more than one instance, or restarts: they stay signed in.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScaleOutBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Behind_nginx_the_user_stays_signed_in_when_their_instance_dies_and_a_sign_out_on_the_other_holds_when_it_returns()
    {
        await using var redis = new RedisServer();
        await redis.StartAsync();
        var (portA, portB) = (FreePort.Next(), FreePort.Next());
        await using var nginx = new NginxServer(portA, portB);

        // The demo provider runs once, for both instances, and knows the app by the origin nginx serves.
        await using var idp = new DemoAppFactory(settings: new Dictionary<string, string> { ["Auth:PublicOrigin"] = nginx.Origin });
        await idp.StartAsync();
        var a = Instance(idp, redis, nginx, portA);
        var b = Instance(idp, redis, nginx, portB);
        await using var stopB = b;
        a.StartServer();
        b.StartServer();
        await nginx.StartAsync();

        // Neither nginx nor the instances behind it say which versions they run.
        using (var probe = new HttpClient())
        using (var home = await probe.GetAsync(nginx.Origin + "/"))
        {
            Assert.Equal("nginx", home.Headers.Server.ToString());
        }

        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await OpenAsync(page, nginx.Origin);
        var popup = await page.RunAndWaitForPopupAsync(() => PopupSignInTests.SignInButton(page).ClickAsync());
        await PopupSignInTests.SignInAtDemoAsync(popup, "alice", "wonderland");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });

        // Whichever instance nginx chose for this browser goes down.
        var served = SignedInOn(a) ? a : b;
        var other = served == a ? b : a;
        Assert.True(SignedInOn(served) && !SignedInOn(other));
        await served.DisposeAsync();
        var popups = 0;
        page.Popup += (_, _) => popups++;

        // The circuit is gone with it; the page comes back on the other instance, signed in from the shared session.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
        Assert.Equal(0, popups);
        Assert.Equal(200, await RefreshAsync(page));

        await PopupSignInTests.SignOutFromMenuAsync(page);
        await Assertions.Expect(PopupSignInTests.SignInButton(page)).ToBeVisibleAsync();

        // The instance that went down comes back on its port; nginx sends the browser to it again.
        await using var returned = Instance(idp, redis, nginx, served == a ? portA : portB);
        returned.StartServer();
        await other.DisposeAsync();
        await nginx.WaitUntilServingAsync();
        await OpenAsync(page, nginx.Origin);
        await Assertions.Expect(PopupSignInTests.SignInButton(page)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
        Assert.Equal(401, await RefreshAsync(page));
        await context.CloseAsync();
    }

    [Fact]
    public async Task After_the_app_restarts_on_its_store_a_reload_shows_the_user_still_signed_in()
    {
        var (appPort, demoPort) = (FreePort.Next(), FreePort.Next());
        var before = new DemoAppFactory(kestrel: true, port: appPort, demoPort: demoPort) { KeepDataDirectory = true };
        try
        {
            await before.StartAsync();
            var context = await fixture.Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await OpenAsync(page, before.AppOrigin);
            var popup = await page.RunAndWaitForPopupAsync(() => PopupSignInTests.SignInButton(page).ClickAsync());
            await PopupSignInTests.SignInAtDemoAsync(popup, "alice", "wonderland");
            await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
            await before.DisposeAsync();

            await using var after = new DemoAppFactory(kestrel: true, dataDirectory: before.DataDirectory, port: appPort, demoPort: demoPort);
            await after.StartAsync();
            await OpenAsync(page, after.AppOrigin);
            await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Alice Liddell", new() { Timeout = 15_000 });
            Assert.Equal(200, await RefreshAsync(page));
            await context.CloseAsync();
        }
        finally
        {
            TempDirectory.Delete(before.DataDirectory);
        }
    }

    private static ScannedAppFactory Instance(DemoAppFactory idp, RedisServer redis, NginxServer nginx, int port)
    {
        var instance = new ScannedAppFactory(builder =>
        {
            ScaleOutTests.OnRedis(redis)(builder);
            idp.SignInThroughMyDemoProvider(builder);
            builder.UseSetting("Auth:PublicOrigin", nginx.Origin);
            builder.UseSetting("Auth:TrustedForwarders:0", "127.0.0.1");
            builder.UseSetting("Auth:SessionRevalidationInterval", "00:00:01");
        });
        instance.UseKestrel(port);
        return instance;
    }

    private static bool SignedInOn(ScannedAppFactory instance) =>
        instance.Logs.Lines.Any(line => line.Contains("Sign-in completed with provider demo", StringComparison.Ordinal));

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("html[data-blazorauth-ready]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
    }

    /// <summary>
    /// A refresh as the app's module makes one: the reloaded circuit renews at the same moment, and a request that
    /// crossed its rotation is told so (409) and goes once more with the new cookie.
    /// </summary>
    private static Task<int> RefreshAsync(IPage page) => page.EvaluateAsync<int>(
        """
        async () => {
          const send = () => fetch('/auth/demo/refresh', { method: 'POST', headers: { 'X-Requested-With': 'XMLHttpRequest' } });
          let response = await send();
          if (response.status === 409) { response = await send(); }
          return response.status;
        }
        """);
}
