using System.Runtime.CompilerServices;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// Points the user's data home (<c>XDG_DATA_HOME</c>, where <c>Auth:DataDirectory</c> defaults to) at a directory of
/// the test run's own, before any test runs, and for the apps the tests start as processes too. Many tests build the
/// library's services without a data directory of their own (the options' validation, a provider's settings); without
/// this they opened the store and made Data Protection keys in the developer's own <c>~/.local/share/BlazorAuth</c>,
/// beside the sessions of the app they run with <c>dotnet run</c>.
/// </summary>
internal static class IsolatedDataHome
{
    [ModuleInitializer]
    internal static void Isolate()
    {
        var home = TempDirectory.Create();
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", home);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TempDirectory.Delete(home);
    }
}
