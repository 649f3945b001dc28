using System.IO.Compression;
using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using StackExchange.Redis;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>
/// The library as an adopter gets it: both packages packed with dotnet pack, restored into a template-shaped host
/// (Tests/MinimalHost's sources, plus the Redis package's one line) that references only the packages, built, run on a
/// real redis-server, and signed in through in Chromium.
/// </summary>
public sealed class PackageTests : IAsyncLifetime
{
    private readonly string _work = TempDirectory.Create();
    private readonly int _port = FreePort.Next();
    private DemoAppFactory _demo = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _demo = new DemoAppFactory(settings: MinimalHostProcess.DemoProviderSettingsFor(_port));
        await _demo.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [Fact]
    public async Task A_host_built_against_the_packed_packages_signs_in_through_a_popup_and_keeps_its_session_in_Redis()
    {
        var repository = DotnetCli.RepositoryRoot();
        var configuration = DotnetCli.Configuration();
        var limit = TimeSpan.FromMinutes(4);

        // A version of its own, so no package cache anywhere can hand back an older build under the same number.
        var version = $"0.9.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        foreach (var project in new[] { "Auth", "Auth.Redis" })
        {
            var pack = await DotnetCli.RunAsync(repository, limit, "pack", project, "-c", configuration, "--no-build", "-o", feed, $"-p:Version={version}", "-nologo");
            Assert.True(pack.ExitCode == 0, pack.Output);
        }

        var core = await PackageContentsAsync(Path.Combine(feed, $"BlazorAuth.Auth.{version}.nupkg"), "BlazorAuth.Auth");
        Assert.Contains(core.Entries, e => e.StartsWith("staticwebassets/", StringComparison.Ordinal) && e.EndsWith("blazorauth.js", StringComparison.Ordinal));
        // A host on one machine carries no Redis client: that is the Redis package's alone.
        Assert.DoesNotContain("Redis", core.Nuspec, StringComparison.OrdinalIgnoreCase);
        var redisPackage = await PackageContentsAsync(Path.Combine(feed, $"BlazorAuth.Auth.Redis.{version}.nupkg"), "BlazorAuth.Auth.Redis");
        Assert.Contains($"<dependency id=\"BlazorAuth.Auth\" version=\"{version}\"", redisPackage.Nuspec);
        Assert.Contains("<dependency id=\"StackExchange.Redis\"", redisPackage.Nuspec);

        // The minimal host's own files, with a project that knows the library only as a package. Packages come from the
        // feed and from this machine's package folder (as a feed: nothing is fetched), into a folder of the test's own.
        var host = Path.Combine(_work, "host");
        CopyDirectory(Path.Combine(repository, "Tests", "MinimalHost"), host);
        File.Delete(Path.Combine(host, "MinimalHost.csproj"));
        await File.WriteAllTextAsync(Path.Combine(host, "MinimalHost.csproj"), DotnetCli.WebProject(
            $"<BlazorDisableThrowNavigationException>true</BlazorDisableThrowNavigationException><RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>",
            $"<PackageReference Include=\"BlazorAuth.Auth\" Version=\"{version}\" /><PackageReference Include=\"BlazorAuth.Auth.Redis\" Version=\"{version}\" />"));
        // The Redis package's one line, as its README gives it.
        var program = Path.Combine(host, "Program.cs");
        var source = await File.ReadAllTextAsync(program);
        Assert.Contains("builder.AddBlazorAuth()", source);
        await File.WriteAllTextAsync(program, source.Replace("builder.AddBlazorAuth()", "builder.AddBlazorAuth().UseRedis(builder.Configuration.GetConnectionString(\"Redis\")!)", StringComparison.Ordinal));
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(host, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
                <add key="machine" value="{machinePackages}" />
              </packageSources>
            </configuration>
            """);
        var build = await DotnetCli.RunAsync(host, limit, "build", "MinimalHost.csproj", "-c", configuration, "-o", Path.Combine(_work, "out"),
            "-nologo", "-v", "q", "--disable-build-servers");
        Assert.True(build.ExitCode == 0, build.Output);
        // The library the host runs is the one restored from the package.
        var restored = Path.Combine(_work, "packages", "blazorauth.auth", version, "lib", "net10.0", "BlazorAuth.Auth.dll");
        Assert.Equal(await File.ReadAllBytesAsync(restored), await File.ReadAllBytesAsync(Path.Combine(_work, "out", "BlazorAuth.Auth.dll")));

        await using var redis = new RedisServer();
        await redis.StartAsync();
        await using var running = await MinimalHostProcess.StartAsync(_port, _demo.DemoUrl, _demo.ClientSecret.Value, Path.Combine(_work, "out", "MinimalHost.dll"),
            new Dictionary<string, string> { ["ConnectionStrings__Redis"] = redis.ConnectionString });
        var page = await (await _browser.NewContextAsync()).NewPageAsync();
        await Chromium.GotoReadyAsync(page, running.Origin + "/");
        await Assertions.Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        await PopupSignInTests.ContinueWithDemoAsync(page, "alice", "wonderland");
        await Assertions.Expect(page.Locator("#signed-in")).ToHaveTextAsync("Signed in as Alice Liddell", new() { Timeout = 15_000 });
        await page.Context.CloseAsync();

        // The session and the key ring are in Redis, from the Redis package's code.
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_work, "packages", "blazorauth.auth.redis", version, "lib", "net10.0", "BlazorAuth.Auth.Redis.dll")),
            await File.ReadAllBytesAsync(Path.Combine(_work, "out", "BlazorAuth.Auth.Redis.dll")));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var keys = connection.GetServer(redis.ConnectionString).Keys().Select(k => k.ToString()).ToList();
        Assert.Contains(keys, k => k.StartsWith("blazorauth:session:", StringComparison.Ordinal));
        Assert.Contains("blazorauth:data-protection-keys", keys);
    }

    private static async Task<(List<string> Entries, string Nuspec)> PackageContentsAsync(string package, string id)
    {
        using var archive = ZipFile.OpenRead(package);
        var entries = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("LICENSE", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        using var nuspec = new StreamReader(archive.GetEntry($"{id}.nuspec")!.Open());
        var metadata = await nuspec.ReadToEndAsync();
        Assert.Contains("<license type=\"expression\">MIT</license>", metadata);
        Assert.Contains("<readme>README.md</readme>", metadata);
        Assert.Contains("<description>", metadata);
        return (entries, metadata);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _demo.DisposeAsync();
        TempDirectory.Delete(_work);
    }
}
