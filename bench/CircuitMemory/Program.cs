using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

// The managed heap one circuit holds, anonymous and signed in. Three GC dumps of the app (dotnet-gcdump, which collects
// the heap fully first): with a warm app, then with <tabs> more anonymous tabs open, then with <tabs> more signed-in tabs
// (one browser, signed in once, so one session: the circuits are what is measured). The warm-up opens an anonymous and
// a signed-in tab first and keeps them, so that what every first circuit builds once (caches, compiled code's data)
// is in the baseline, not in the figures. Per circuit = difference / tabs; the types that grew, per circuit, say what
// the bytes are.
//
// Usage: CircuitMemory <app origin> <app pid> <dotnet-gcdump> <tabs> <work dir> [user] [password]. Prints one JSON object.
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: CircuitMemory <app origin> <app pid> <dotnet-gcdump> <tabs> <work dir> [user] [password]");
    return 2;
}

var appOrigin = args[0].TrimEnd('/');
var appPid = args[1];
var gcdump = args[2];
var tabs = int.Parse(args[3], CultureInfo.InvariantCulture);
var work = args[4];
var user = args.Length > 5 ? args[5] : "alice";
var password = args.Length > 6 ? args[6] : "wonderland";

using var playwright = await Playwright.CreateAsync();
// Every tab of the app in one renderer process: the figures are the server's, and a renderer of its own for each tab cost
// Chromium twice the CPU per tab opened (0.82 s against 0.42 s with twenty open), most of this part's time.
await using var browser = await DemoBrowser.LaunchAsync(playwright, "--process-per-site");
var clock = Stopwatch.StartNew();
var dumping = TimeSpan.Zero;

var warm = await browser.NewContextAsync();
await OpenAsync(warm, signedIn: false);
await SignInAsync(await OpenAsync(warm, signedIn: false));
await OpenAsync(warm, signedIn: true);
var baseline = await DumpAsync("baseline");
var warmedUp = clock.Elapsed;

var anonymous = await browser.NewContextAsync();
for (var i = 0; i < tabs; i++)
{
    await OpenAsync(anonymous, signedIn: false);
}

var withAnonymous = await DumpAsync("anonymous");
var anonymousOpen = clock.Elapsed;

var signedInContext = await browser.NewContextAsync();
await SignInAsync(await OpenAsync(signedInContext, signedIn: false));
for (var i = 1; i < tabs; i++)
{
    await OpenAsync(signedInContext, signedIn: true);
}

var withSignedIn = await DumpAsync("signed-in");
// Where the part's minutes go, for whoever waits on it.
Console.Error.WriteLine($"  {appOrigin}: warm-up {warmedUp.TotalSeconds:F0} s, {tabs} anonymous tabs {(anonymousOpen - warmedUp).TotalSeconds:F0} s, " +
    $"{tabs} signed-in tabs {(clock.Elapsed - anonymousOpen).TotalSeconds:F0} s; of all that, the three dumps {dumping.TotalSeconds:F0} s");

var anonymousPerCircuit = (withAnonymous.Total - baseline.Total) / (double)tabs;
var signedInPerCircuit = (withSignedIn.Total - withAnonymous.Total) / (double)tabs;
var grown = withSignedIn.ByType
    .Select(t => (Type: t.Key, Bytes: (t.Value - withAnonymous.ByType.GetValueOrDefault(t.Key)) / (double)tabs))
    .OrderByDescending(t => t.Bytes).Take(20)
    .ToDictionary(t => t.Type, t => Math.Round(t.Bytes));
var anonymousGrown = withAnonymous.ByType
    .Select(t => (Type: t.Key, Bytes: (t.Value - baseline.ByType.GetValueOrDefault(t.Key)) / (double)tabs))
    .OrderByDescending(t => t.Bytes).Take(20)
    .ToDictionary(t => t.Type, t => Math.Round(t.Bytes));
// What signing in itself keeps per circuit, apart from what the signed-in page renders: the library's and the app's
// own objects, and the user's claims.
var signInTypes = withSignedIn.ByType.Keys.Concat(withAnonymous.ByType.Keys).Distinct()
    .Where(t => t.StartsWith("BlazorAuth.", StringComparison.Ordinal) || t.StartsWith("System.Security.Claims.", StringComparison.Ordinal))
    .Select(t => (Type: t,
        Anonymous: (withAnonymous.ByType.GetValueOrDefault(t) - baseline.ByType.GetValueOrDefault(t)) / (double)tabs,
        SignedIn: (withSignedIn.ByType.GetValueOrDefault(t) - withAnonymous.ByType.GetValueOrDefault(t)) / (double)tabs))
    .Where(t => Math.Abs(t.SignedIn) >= 1 || Math.Abs(t.Anonymous) >= 1)
    .OrderByDescending(t => t.SignedIn)
    .ToList();

Console.WriteLine(JsonSerializer.Serialize(new
{
    tabs,
    heapBytes = new { baseline = baseline.Total, withAnonymousTabs = withAnonymous.Total, withSignedInTabs = withSignedIn.Total },
    anonymousBytesPerCircuit = Math.Round(anonymousPerCircuit),
    signedInBytesPerCircuit = Math.Round(signedInPerCircuit),
    signedInOverAnonymousBytes = Math.Round(signedInPerCircuit - anonymousPerCircuit),
    signInObjects = new
    {
        anonymousCircuitBytes = Math.Round(signInTypes.Sum(t => t.Anonymous)),
        signedInCircuitBytes = Math.Round(signInTypes.Sum(t => t.SignedIn)),
        byType = signInTypes.ToDictionary(t => t.Type, t => new { anonymous = Math.Round(t.Anonymous), signedIn = Math.Round(t.SignedIn) }),
    },
    anonymousCircuitByType = anonymousGrown,
    signedInCircuitByType = grown,
}));
return 0;

async Task<IPage> OpenAsync(IBrowserContext context, bool signedIn)
{
    var page = await context.NewPageAsync();
    await page.GotoAsync(appOrigin + "/");
    await page.WaitForSelectorAsync(signedIn ? DemoBrowser.SignedIn : DemoBrowser.Ready, new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
    return page;
}

// Consent shows once per user, the first time; the popup closes by itself once the app has the result.
async Task SignInAsync(IPage page) =>
    await DemoBrowser.SignInAtProviderAsync(await page.RunAndWaitForPopupAsync(() => DemoBrowser.ContinueWithDemo(page).ClickAsync()), page, user, password, giveConsent: true);

// A dump after the circuits have settled: what a render allocates for the moment is garbage by then, and the dump's own
// full collection takes it away.
async Task<Heap> DumpAsync(string name)
{
    await Task.Delay(TimeSpan.FromSeconds(3));
    var started = clock.Elapsed;
    var file = Path.Combine(work, name + ".gcdump");
    await RunAsync(gcdump, ["collect", "-p", appPid, "-o", file]);
    var report = await RunAsync(gcdump, ["report", file]);
    dumping += clock.Elapsed - started;
    await File.WriteAllTextAsync(Path.Combine(work, name + ".txt"), report);
    return Heap.Parse(report);
}

static async Task<string> RunAsync(string file, string[] arguments)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    arguments.ToList().ForEach(start.ArgumentList.Add);
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    await process.WaitForExitAsync(timeout.Token);
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed: {await errors}");
    }

    return await output;
}

/// <summary>
/// A <c>dotnet-gcdump report</c>: the heap's total, and bytes by type (its size buckets folded together). The report
/// gives each type's average object size and count.
/// </summary>
internal sealed partial record Heap(long Total, Dictionary<string, long> ByType)
{
    public static Heap Parse(string report)
    {
        long total = 0;
        var byType = new Dictionary<string, long>();
        foreach (var line in report.Split('\n'))
        {
            if (TotalLine().Match(line) is { Success: true } t)
            {
                total = long.Parse(t.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            }
            else if (TypeLine().Match(line) is { Success: true } m)
            {
                var type = m.Groups[3].Value.Trim();
                byType[type] = byType.GetValueOrDefault(type)
                    + (long.Parse(m.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture) * long.Parse(m.Groups[2].Value.Replace(",", ""), CultureInfo.InvariantCulture));
            }
        }

        return new Heap(total, byType);
    }

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes")]
    private static partial Regex TotalLine();

    // "   Object Bytes     Count  Type": average size, count, the type without "(Bytes > 10K)" and the assembly in brackets.
    [GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > [^)]*\))?\s+\[[^\]]*\]\s*$")]
    private static partial Regex TypeLine();
}
