using System.Net;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace BlazorAuth.Tests.Auth;

/// <summary>The embedded store: nothing is lost when the app stops and starts again on the same data directory.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_session_survives_a_restart_on_every_page_and_on_refresh_and_an_ended_session_stays_ended()
    {
        var demoPort = FreePort.Next();
        var before = new DemoAppFactory(demoPort: demoPort) { KeepDataDirectory = true };
        try
        {
            await before.StartAsync();
            var alice = await SignInAsync(before);
            var endedCookies = new CookieJar();
            await SignInAsync(before, endedCookies);
            var ended = before.CreateAppClient();
            endedCookies.CopyTo(ended.Jar);
            Assert.Equal(HttpStatusCode.OK, (await ended.AppCallAsync(HttpMethod.Post, "/auth/demo/logout")).StatusCode);
            await before.DisposeAsync();

            await using var after = new DemoAppFactory(dataDirectory: before.DataDirectory, demoPort: demoPort);
            await after.StartAsync();
            var aliceAfter = after.CreateAppClient();
            alice.Jar.CopyTo(aliceAfter.Jar);

            var account = await aliceAfter.GetAsync("/account");
            Assert.Equal(HttpStatusCode.OK, account.StatusCode);
            Assert.Contains("Alice Liddell", await account.Content.ReadAsStringAsync());

            // The demo provider kept its grant and keys, so the rotated refresh token it issued before still works.
            Assert.Equal(HttpStatusCode.OK, (await aliceAfter.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await aliceAfter.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh")).StatusCode);

            // The copy of a signed-out browser's cookies is as dead after the restart as before it.
            var endedAfter = after.CreateAppClient();
            endedCookies.CopyTo(endedAfter.Jar);
            Assert.Equal(HttpStatusCode.Unauthorized, (await endedAfter.AppCallAsync(HttpMethod.Post, "/auth/demo/refresh")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await endedAfter.GetAsync("/account")).StatusCode);
        }
        finally
        {
            TempDirectory.Delete(before.DataDirectory);
        }
    }

    [Fact]
    public void Cookies_outlive_a_move_of_the_content_root_because_the_key_ring_and_application_name_are_fixed()
    {
        var dataDirectory = TempDirectory.Create();
        try
        {
            var sealedHere = Protector(dataDirectory, "/srv/blazorauth-release-1").Protect("session");
            Assert.Equal("session", Protector(dataDirectory, "/srv/blazorauth-release-2").Unprotect(sealedHere));
        }
        finally
        {
            TempDirectory.Delete(dataDirectory);
        }
    }

    [Fact]
    public async Task A_store_file_another_process_holds_locked_stops_the_start_with_an_error_naming_it()
    {
        var dataDirectory = TempDirectory.Create();
        var path = Path.Combine(dataDirectory, "sessions.db");
        try
        {
            await using (var holder = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                holder.Open();
                using var lockIt = holder.CreateCommand();
                lockIt.CommandText = "CREATE TABLE held (x); BEGIN EXCLUSIVE; INSERT INTO held VALUES (1);";
                lockIt.ExecuteNonQuery();

                await using var app = new DemoAppFactory(dataDirectory: dataDirectory);
                var failure = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);
                Assert.Contains($"cannot write its session store '{path}'", failure.ToString());
            }
        }
        finally
        {
            TempDirectory.Delete(dataDirectory);
        }
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_stops_the_start_with_an_error_naming_it()
    {
        // A file where the directory should be: even root cannot make a directory there.
        var file = Path.GetTempFileName();
        try
        {
            await using var app = new DemoAppFactory(dataDirectory: file);
            var failure = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);
            Assert.Contains($"cannot write its session store '{Path.Combine(file, "sessions.db")}'", failure.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IDataProtector Protector(string dataDirectory, string contentRoot)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(contentRoot));
        services.AddAuthStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:DataDirectory"] = dataDirectory }).Build());
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
    }

    private static async Task<AppClient> SignInAsync(DemoAppFactory app, CookieJar? keep = null)
    {
        var client = app.CreateAppClient();
        var start = await client.GetAsync("/auth/demo/start");
        var callback = await new DemoIdpDriver().SignInAsync(start.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(callback.PathAndQuery)).StatusCode);
        client.Jar.CopyTo(keep ?? new CookieJar());
        return client;
    }

    private sealed class TestHostEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "BlazorAuth";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
