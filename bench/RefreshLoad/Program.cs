using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

// RefreshLoad <app origin> <app pid> <work dir> <phase>...
//   Each phase is <name>:<provider id>:<sessions>:<seconds>:<mode>[:<interval ms>], run in the order given. Modes:
//   "due": each session calls /refresh <interval> ms after its last answer, longer than its access token lives, so every
//   call renews at the provider; "fresh": sessions call /refresh back to back while their tokens are valid; "reload":
//   GET / with the session cookie, as a page reload.
// Sessions are kept per provider from phase to phase, and only as many more are signed in as a phase needs: a sign-in
// costs the provider far more than a call, and most of the run's time went to them.
// Prints one line per phase: its name, then one JSON object with the calls, the app's CPU per call (utime + stime from
// /proc, the provider being another process), and the provider token calls the app made meanwhile, counted where they
// arrive: the line the demo provider logs in <work dir>/<provider id>.log for each token request it answers. The app
// logs nothing per call, so that its CPU figure holds no work of the measurement's own. When a phase's calls begin, the
// file <work dir>/<name>.started appears, for a profiler to start on. A phase named "warm" is not measured and prints
// nothing.
// USER_HZ, the unit of /proc's CPU times: 100 on Linux.
const double TicksPerSecond = 100;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: RefreshLoad <app origin> <app pid> <work dir> <name>:<provider id>:<sessions>:<seconds>:<mode>[:<interval ms>]...");
    return 2;
}

var origin = new Uri(args[0]);
var pid = int.Parse(args[1], CultureInfo.InvariantCulture);
var work = args[2];
var phases = args[3..].Select(Phase.Parse).ToList();

using var app = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 64 }) { BaseAddress = origin };
var run = Stopwatch.StartNew();
var kept = new Dictionary<string, List<Session>>();
foreach (var phase in phases)
{
    var sessions = await SessionsAsync(phase.Provider, phase.Sessions);
    if (phase.Name == "warm")
    {
        await CallAsync(phase, sessions, Stopwatch.StartNew(), new Tally());
    }
    else
    {
        Console.WriteLine($"{phase.Name} {JsonSerializer.Serialize(await MeasureAsync(phase, sessions))}");
    }
}

return 0;

async Task<object> MeasureAsync(Phase phase, List<Session> sessions)
{
    var (provider, mode, seconds) = (phase.Provider, phase.Mode, phase.Seconds);
    var log = Path.Combine(work, provider + ".log");

    // What the app spends doing nothing (timers, the runtime, the log), so that a slow phase's figure is its calls' alone.
    var idleBefore = CpuTicks(pid);
    await Task.Delay(TimeSpan.FromSeconds(2));
    var idleMsPerSecond = (CpuTicks(pid) - idleBefore) * 1000.0 / TicksPerSecond / 2;

    var tokenCallsBefore = TokenCalls(log);
    var providerLinesBefore = File.ReadLines(log).Count();
    File.WriteAllText(Path.Combine(work, phase.Name + ".started"), "");
    var cpuBefore = CpuTicks(pid);
    var clock = Stopwatch.StartNew();
    var tally = new Tally();
    await CallAsync(phase, sessions, clock, tally);
    var elapsed = clock.Elapsed;
    var cpuMs = (CpuTicks(pid) - cpuBefore) * 1000.0 / TicksPerSecond;
    await Task.Delay(500);
    var tokenCalls = TokenCalls(log) - tokenCallsBefore;

    // How long the provider took to answer the app, from the same log: its share of the calls' latency.
    var providerLatencies = File.ReadLines(log).Skip(providerLinesBefore)
        .Select(line => Regex.Match(line, @"answered a token request with [0-9]+ in (?<ms>[0-9.]+) ms"))
        .Where(m => m.Success).Select(m => double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture)).ToList();

    return new
    {
        mode,
        provider,
        sessions = sessions.Count,
        seconds = Math.Round(elapsed.TotalSeconds, 2),
        calls = tally.Calls,
        statuses = tally.Statuses.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
        answersByAccessTokenSecondsLeft = tally.ExpiresIn.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
        callsPerSecond = Math.Round(tally.Calls / elapsed.TotalSeconds, 1),
        p50Ms = Math.Round(Percentile(tally.Latencies, 0.50), 2),
        p99Ms = Math.Round(Percentile(tally.Latencies, 0.99), 2),
        appCpuMsPerCall = Math.Round(cpuMs / tally.Calls, 3),
        appIdleCpuMsPerSecond = Math.Round(idleMsPerSecond, 2),
        appCpuMsPerCallNetOfIdle = Math.Round(Math.Max(0, cpuMs - idleMsPerSecond * elapsed.TotalSeconds) / tally.Calls, 3),
        providerTokenCalls = tokenCalls,
        providerP50Ms = Math.Round(Percentile(providerLatencies, 0.50), 2),
        providerP99Ms = Math.Round(Percentile(providerLatencies, 0.99), 2),
        providerTokenCallsPerCall = Math.Round((double)tokenCalls / tally.Calls, 3),
    };
}

// The phase's calls, each session in a loop of its own, until the phase's time on the clock is up.
async Task CallAsync(Phase phase, List<Session> sessions, Stopwatch clock, Tally tally)
{
    var (provider, mode, interval, seconds) = (phase.Provider, phase.Mode, phase.Interval, phase.Seconds);
    await Task.WhenAll(sessions.Select(async (session, index) =>
    {
        // Sessions spread over the interval, as users' renewals are, rather than all at once; and none calls sooner than
        // the interval after its last answer (or its sign-in), so that its first call renews too.
        var first = TimeSpan.FromTicks(Math.Max((interval * index / sessions.Count).Ticks, (session.LastAnswer + interval - run.Elapsed).Ticks));
        await Task.Delay(first);
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var started = clock.Elapsed;
            using var request = mode == "reload"
                ? new HttpRequestMessage(HttpMethod.Get, "/")
                : new HttpRequestMessage(HttpMethod.Post, $"/auth/{provider}/refresh") { Headers = { { "X-Requested-With", "XMLHttpRequest" } } };
            Send(session.Jar, request);
            using var response = await app.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Keep(session.Jar, response);
            session.LastAnswer = run.Elapsed;
            var left = mode != "reload" && response.IsSuccessStatusCode
                ? JsonDocument.Parse(body).RootElement.GetProperty("providerInfo").GetProperty("expiresInSeconds").GetInt32()
                : -1;
            tally.Add((int)response.StatusCode, left, (clock.Elapsed - started).TotalMilliseconds);

            // Counted from the answer, not from the call: a renewal that landed late (a slow provider) still leaves its
            // session's next call a whole interval, longer than the token lives, so that every call renews.
            if (interval > TimeSpan.Zero)
            {
                await Task.Delay(interval);
            }
        }
    }));
}

// The provider's kept sessions, with more signed in when the phase needs them, eight at a time: one after another, a
// thousand sign-ins would take most of a minute.
async Task<List<Session>> SessionsAsync(string provider, int count)
{
    var sessions = kept.TryGetValue(provider, out var existing) ? existing : kept[provider] = [];
    var more = new Session[Math.Max(0, count - sessions.Count)];
    await Parallel.ForEachAsync(Enumerable.Range(0, more.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        more[i] = new Session(await SignInAsync(app, provider, (sessions.Count + i) % 2 == 0 ? ("alice", "wonderland") : ("bob", "builder")), run.Elapsed));
    sessions.AddRange(more);
    return sessions.Take(count).ToList();
}

static double Percentile(List<double> values, double rank)
{
    values.Sort();
    return values.Count == 0 ? 0 : values[Math.Min(values.Count - 1, (int)(rank * values.Count))];
}

// utime + stime of the process, in clock ticks: fields 14 and 15 of /proc/<pid>/stat, after the command's parentheses.
static long CpuTicks(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
}

static int TokenCalls(string log) =>
    File.ReadLines(log).Count(line => line.Contains("Demo identity provider answered a token request with", StringComparison.Ordinal));

static void Send(Dictionary<string, string> jar, HttpRequestMessage request)
{
    if (jar.Count > 0)
    {
        request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
    }
}

static void Keep(Dictionary<string, string> jar, HttpResponseMessage response)
{
    if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
    {
        return;
    }

    foreach (var cookie in cookies)
    {
        var pair = cookie.Split(';')[0];
        var name = pair[..pair.IndexOf('=')];
        var value = pair[(pair.IndexOf('=') + 1)..];
        if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
        {
            jar.Remove(name);
        }
        else
        {
            jar[name] = value;
        }
    }
}

// The user's way through the popup, over HTTP: /start, the provider's login and consent, the callback.
static async Task<Dictionary<string, string>> SignInAsync(HttpClient app, string provider, (string User, string Password) account)
{
    var jar = new Dictionary<string, string>();
    using var start = new HttpRequestMessage(HttpMethod.Get, $"/auth/{provider}/start");
    using var started = await app.SendAsync(start);
    Keep(jar, started);

    using var idp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
    var location = started.Headers.Location ?? throw new InvalidOperationException($"/start answered {(int)started.StatusCode}");
    for (var step = 0; step < 12; step++)
    {
        if (location.AbsolutePath.EndsWith("/handler/frame", StringComparison.Ordinal))
        {
            using var callback = new HttpRequestMessage(HttpMethod.Get, location.PathAndQuery);
            Send(jar, callback);
            using var answered = await app.SendAsync(callback);
            Keep(jar, answered);
            return answered.IsSuccessStatusCode ? jar : throw new InvalidOperationException($"The callback answered {(int)answered.StatusCode}");
        }

        using var response = await idp.GetAsync(location);
        if (response.Headers.Location is { } next)
        {
            location = new Uri(location, next);
            continue;
        }

        var html = await response.Content.ReadAsStringAsync();
        var form = Regex.Match(html, "<form method=\"post\" action=\"(?<action>[^\"]+)\">(?<body>.*?)</form>", RegexOptions.Singleline);
        var fields = Regex.Matches(form.Groups["body"].Value, "<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")
            .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value))).ToList();
        fields.AddRange(form.Groups["action"].Value == "/login"
            ? [KeyValuePair.Create("username", account.User), KeyValuePair.Create("password", account.Password)]
            : [KeyValuePair.Create("decision", "accept")]);
        using var posted = await idp.PostAsync(new Uri(location, form.Groups["action"].Value), new FormUrlEncodedContent(fields));
        location = new Uri(location, posted.Headers.Location ?? throw new InvalidOperationException($"The provider's form answered {(int)posted.StatusCode}"));
    }

    throw new InvalidOperationException("The provider never sent the browser back to the app.");
}

/// <summary>A signed-in session: its cookies, and when its last answer came (on the run's clock).</summary>
internal sealed class Session(Dictionary<string, string> jar, TimeSpan lastAnswer)
{
    public Dictionary<string, string> Jar { get; } = jar;

    public TimeSpan LastAnswer { get; set; } = lastAnswer;
}

internal sealed record Phase(string Name, string Provider, int Sessions, double Seconds, string Mode, TimeSpan Interval)
{
    public static Phase Parse(string spec)
    {
        var parts = spec.Split(':');
        return parts.Length is 5 or 6 && parts[4] is "due" or "fresh" or "reload"
            ? new Phase(parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture), parts[4],
                TimeSpan.FromMilliseconds(parts.Length == 6 ? double.Parse(parts[5], CultureInfo.InvariantCulture) : 0))
            : throw new ArgumentException($"A phase is <name>:<provider id>:<sessions>:<seconds>:<due|fresh|reload>[:<interval ms>], not '{spec}'.");
    }
}

/// <summary>What a phase's calls answered: statuses, the access token's seconds left, latencies.</summary>
internal sealed class Tally
{
    public Dictionary<int, int> Statuses { get; } = [];

    public SortedDictionary<int, int> ExpiresIn { get; } = [];

    public List<double> Latencies { get; } = [];

    public int Calls { get; private set; }

    public void Add(int status, int secondsLeft, double milliseconds)
    {
        lock (Latencies)
        {
            Calls++;
            Latencies.Add(milliseconds);
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            if (secondsLeft >= 0)
            {
                ExpiresIn[secondsLeft] = ExpiresIn.GetValueOrDefault(secondsLeft) + 1;
            }
        }
    }
}
