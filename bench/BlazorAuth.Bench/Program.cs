using BenchmarkDotNet.Running;

namespace BlazorAuth.Bench;

public static class BenchProgram
{
    public static void Main(string[] args)
    {
        // The app is not in this folder's solution, so tell the test host where its content root is.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BlazorAuth.csproj")))
        {
            root = root.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_BLAZORAUTH", root?.FullName ?? throw new DirectoryNotFoundException("BlazorAuth.csproj"));
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
    }
}
