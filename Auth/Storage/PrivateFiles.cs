namespace BlazorAuth.Auth.Storage;

/// <summary>
/// The data directory and the files in it that hold sessions (each with an id_token: name, email, <c>sid</c>) are the
/// user's alone, as Data Protection already makes its key files: directories 0700, files 0600, whatever the umask.
/// Tightened on every start too, so a directory an earlier version left readable does not stay so.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory (and any missing parent) for its owner alone, or makes an existing one so.</summary>
    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyDirectory);
        if (File.GetUnixFileMode(path) != OwnerOnlyDirectory)
        {
            File.SetUnixFileMode(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>
    /// Creates an empty file for its owner alone before SQLite opens it, or makes an existing one so, with its write-ahead
    /// log and shared-memory files (SQLite gives those the database's mode when it creates them, but not old ones).
    /// </summary>
    public static void EnsureDatabaseFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }))
            {
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != OwnerOnlyFile)
            {
                File.SetUnixFileMode(file, OwnerOnlyFile);
            }
        }
    }
}
