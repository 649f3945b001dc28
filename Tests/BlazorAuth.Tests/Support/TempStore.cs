using BlazorAuth.Auth.Storage.Sqlite;

namespace BlazorAuth.Tests.Support;

/// <summary>The app's default store, an SQLite file, in a directory of its own that goes when the test does.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore(TimeProvider? time = null)
    {
        Directory = TempDirectory.Create();
        Store = new SqliteAuthStore(Path.Combine(Directory, "sessions.db"), time ?? TimeProvider.System);
    }

    public string Directory { get; }

    public SqliteAuthStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        TempDirectory.Delete(Directory);
    }
}

/// <summary>Data directories for the apps and stores the tests start.</summary>
public static class TempDirectory
{
    public static string Create() => System.IO.Directory.CreateTempSubdirectory("blazorauth-test-").FullName;

    public static void Delete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
