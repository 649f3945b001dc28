using System.Net;
using BlazorAuth.DemoIdentityProvider;
using BlazorAuth.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// What the demo provider spares itself per token request (it runs on the app's cores in bench/run.sh): the client
/// secret's PBKDF2 after the first pass, and SQLite's lock waits of 150 ms. Neither may cost it a check.
/// </summary>
public sealed class DemoProviderCostTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>
{
    private readonly DemoAppFactory _app = fixture.App;

    [Fact]
    public async Task A_wrong_client_secret_is_refused_after_the_right_one_has_passed()
    {
        var client = _app.CreateAppClient();
        var start = await client.GetAsync("/auth/demo/start");
        var callback = await new DemoIdpDriver().SignInAsync(start.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(callback.PathAndQuery)).StatusCode);

        using var provider = new HttpClient();
        var wrong = await provider.PostAsync($"{_app.DemoUrl}/connect/token", TokenRequest("not-the-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("\"invalid_client\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The right secret passes the client check again, from memory, and only the made-up refresh token is refused.
        var right = await provider.PostAsync($"{_app.DemoUrl}/connect/token", TokenRequest(_app.ClientSecret.Value));
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("\"invalid_grant\"", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_database_connections_wait_for_a_writer_inside_SQLite_and_skip_the_flush_per_commit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"demo-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<DemoDbContext>();
            DemoSqliteConnections.Use(options, new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            using var db = new DemoDbContext(options.Options);
            db.Database.OpenConnection();
            Assert.Equal(5000L, Pragma(db, "busy_timeout"));
            Assert.Equal(1L, Pragma(db, "synchronous"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static long Pragma(DemoDbContext db, string name)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)command.ExecuteScalar()!;
    }

    private static FormUrlEncodedContent TokenRequest(string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = "made-up",
        ["client_id"] = DemoIdentityProviderOptions.ClientId,
        ["client_secret"] = secret,
    });
}
