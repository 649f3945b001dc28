using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// The data directory holds every session's id_token (name, email, <c>sid</c>), the cookie keys and the demo provider's
/// grants: nothing in it is readable by anyone but its owner, whatever the umask, and an older, readable one is
/// tightened at start.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryPermissionTests
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task A_new_data_directory_and_everything_in_it_are_the_owners_alone()
    {
        var parent = TempDirectory.Create();
        try
        {
            var directory = Path.Combine(parent, "data");
            await AssertPrivateAfterStartAsync(directory);
        }
        finally
        {
            TempDirectory.Delete(parent);
        }
    }

    [Fact]
    public async Task A_readable_data_directory_from_an_earlier_version_is_made_private_at_start()
    {
        var parent = TempDirectory.Create();
        try
        {
            var directory = Path.Combine(parent, "data");
            Directory.CreateDirectory(directory);
            File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
            await File.WriteAllBytesAsync(Path.Combine(directory, "sessions.db"), []);
            File.SetUnixFileMode(Path.Combine(directory, "sessions.db"), (UnixFileMode)Convert.ToInt32("644", 8));

            await AssertPrivateAfterStartAsync(directory);
        }
        finally
        {
            TempDirectory.Delete(parent);
        }
    }

    private static async Task AssertPrivateAfterStartAsync(string directory)
    {
        await using (var app = new DemoAppFactory(dataDirectory: directory))
        {
            await app.StartAsync();
            Assert.Equal(System.Net.HttpStatusCode.Found, (await app.CreateAppClient().GetAsync("/auth/demo/start")).StatusCode);
            var entries = Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Prepend(directory).ToList();

            Assert.Contains(Path.Combine(directory, "sessions.db"), entries);
            Assert.Contains(entries, e => e.StartsWith(Path.Combine(directory, "keys") + "/", StringComparison.Ordinal));
            Assert.Contains(Path.Combine(directory, "demo-identity-provider", "openiddict.db"), entries);
            Assert.All(entries, e => Assert.True((File.GetUnixFileMode(e) & GroupOrOthers) == 0, $"{e} is {File.GetUnixFileMode(e)}"));
        }
    }
}
