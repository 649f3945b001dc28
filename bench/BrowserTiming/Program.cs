using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

// Click to signed in and usable, in Debian's Chromium: the popup flow against the redirect flow of the same app, same
// button, same provider, same user. Each sign-in runs in a fresh browser context (no cookies at the app or the
// provider), so the user signs in at the provider every time. Flows alternate, so that drift in the machine's speed
// falls on both. "Usable" is the app bar showing the user on a page whose circuit is attached.
//
// Timed by the page's own clock: from the click event to the moment the signed-in app bar enters the document (a
// mutation observer, installed before the app's scripts run). Playwright only notices that moment later, by 80-280 ms
// on a busy 2-core machine and by different amounts from run to run; what it saw is reported beside it.
//
// Usage: BrowserTiming <app origin> <runs> <rtt ms> [user] [password]
// The loopback rounds run in a browser that reaches the app and the provider directly; the others in one sent through
// a proxy that adds <rtt ms> of round-trip time to every connection. Prints one JSON array.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: BrowserTiming <app origin> <runs> <rtt ms> [user] [password]");
    return 2;
}

var appOrigin = args[0].TrimEnd('/');
var runs = int.Parse(args[1], CultureInfo.InvariantCulture);
var rtt = TimeSpan.FromMilliseconds(int.Parse(args[2], CultureInfo.InvariantCulture));
var user = args.Length > 3 ? args[3] : "alice";
var password = args.Length > 4 ? args[4] : "wonderland";

await using var proxy = new LatencyProxy(rtt);
using var playwright = await Playwright.CreateAsync();

var results = new List<object>();
foreach (var roundTrip in new[] { TimeSpan.Zero, rtt })
{
    // Chromium leaves loopback out of any proxy unless told: <-loopback> takes that rule away.
    string[] through = roundTrip == TimeSpan.Zero ? [] : [$"--proxy-server={proxy.Address}", "--proxy-bypass-list=<-loopback>"];
    await using var browser = await DemoBrowser.LaunchAsync(playwright, through);
    // Not measured: the provider's consent (asked once per user) and the first, unoptimised run of every code path.
    await SignInAsync(browser, redirect: false, warmUp: true);
    await SignInAsync(browser, redirect: true, warmUp: true);

    var popup = new List<Timing>();
    var redirect = new List<Timing>();
    var measuring = Stopwatch.StartNew();
    for (var i = 0; i < runs; i++)
    {
        popup.Add(await SignInAsync(browser, redirect: false));
        redirect.Add(await SignInAsync(browser, redirect: true));
    }

    var eachSignIn = measuring.Elapsed.TotalMilliseconds / (2 * runs);

    var popupMedian = Median(popup.Select(t => t.PageMs));
    var redirectMedian = Median(redirect.Select(t => t.PageMs));
    var popupDriverMedian = Median(popup.Select(t => t.DriverMs));
    var redirectDriverMedian = Median(redirect.Select(t => t.DriverMs));
    Console.Error.WriteLine($"  rtt {roundTrip.TotalMilliseconds} ms: popup median {popupMedian:F0} ms, redirect median {redirectMedian:F0} ms " +
        $"(as Playwright saw them: {popupDriverMedian:F0} and {redirectDriverMedian:F0} ms); each sign-in took {eachSignIn:F0} ms in all, " +
        $"the app's page {Median(popup.Concat(redirect).Select(t => t.LoadMs)):F0} ms of it to load");
    results.Add(new
    {
        rttMs = roundTrip.TotalMilliseconds,
        runs,
        popupMedianMs = Math.Round(popupMedian),
        redirectMedianMs = Math.Round(redirectMedian),
        popupOverRedirect = Math.Round(popupMedian / redirectMedian, 2),
        popupMs = popup.Select(t => Math.Round(t.PageMs)),
        redirectMs = redirect.Select(t => Math.Round(t.PageMs)),
        driverPopupMedianMs = Math.Round(popupDriverMedian),
        driverRedirectMedianMs = Math.Round(redirectDriverMedian),
        driverPopupOverRedirect = Math.Round(popupDriverMedian / redirectDriverMedian, 2),
    });
}

Console.WriteLine(JsonSerializer.Serialize(results));
return 0;

async Task<Timing> SignInAsync(IBrowser browser, bool redirect, bool warmUp = false)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
    await context.AddInitScriptAsync(PageClock(appOrigin));
    var page = await context.NewPageAsync();
    var loading = Stopwatch.StartNew();
    await page.GotoAsync(appOrigin + "/");
    await page.WaitForSelectorAsync(DemoBrowser.Ready, new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
    var loadMs = loading.Elapsed.TotalMilliseconds;
    if (redirect)
    {
        // What the app remembers for a tab whose user chose to sign in in the tab: the same button then redirects.
        await page.EvaluateAsync("() => sessionStorage.setItem('blazorauth-same-tab', 'yes')");
    }

    var button = DemoBrowser.ContinueWithDemo(page);
    await button.WaitForAsync();
    var clock = Stopwatch.StartNew();
    IPage provider;
    if (redirect)
    {
        await button.ClickAsync();
        provider = page;
    }
    else
    {
        provider = await page.RunAndWaitForPopupAsync(() => button.ClickAsync());
    }

    // The warm-up gives the provider's consent, asked once per user, so that no measured sign-in meets it.
    await DemoBrowser.SignInAtProviderAsync(provider, page, user, password, giveConsent: warmUp);
    await page.WaitForSelectorAsync(DemoBrowser.SignedIn, new() { Timeout = 60_000 });
    var driverMs = clock.Elapsed.TotalMilliseconds;
    var pageMs = await page.EvaluateAsync<double>("() => window.__benchSignedInAt - Number(sessionStorage.getItem('bench-click-at'))");
    if (!(pageMs > 0))
    {
        throw new InvalidOperationException($"The page's clock gave {pageMs} ms from the click to signed in.");
    }

    return new Timing(pageMs, driverMs, loadMs);
}

// Both ends on the same clock in every page of the app's origin (performance.timeOrigin is wall-clock based, so it
// carries across the redirect flow's navigations); the click is kept in the tab's sessionStorage for the same reason.
static string PageClock(string appOrigin) => $$"""
    (() => {
        if (location.origin !== {{JsonSerializer.Serialize(appOrigin)}}) {
            return;
        }
        document.addEventListener('click', event => {
            sessionStorage.setItem('bench-click-at', String(performance.timeOrigin + event.timeStamp));
        }, true);
        const observer = new MutationObserver(() => {
            if (document.querySelector({{JsonSerializer.Serialize(DemoBrowser.SignedIn)}})) {
                window.__benchSignedInAt = performance.timeOrigin + performance.now();
                observer.disconnect();
            }
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
    })();
    """;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    var middle = sorted.Length / 2;
    return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

internal readonly record struct Timing(double PageMs, double DriverMs, double LoadMs);
