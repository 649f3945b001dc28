using System.Runtime.CompilerServices;
using BlazorAuth.Auth.Configuration;
using PublicApiGenerator;

namespace BlazorAuth.Tests.PublicApi;

/// <summary>
/// The library's public surface, pinned: a change to it fails here until the approved file is updated with it, so the
/// surface hosts build on changes only on purpose. The failure writes what it found beside the approved file.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_librarys_public_api_is_the_approved_one()
    {
        var api = typeof(AuthOptions).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute"] });
        var approvedPath = Path.Combine(SourceDirectory(), "BlazorAuth.Auth.approved.txt");
        var receivedPath = Path.Combine(SourceDirectory(), "BlazorAuth.Auth.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : "";

        if (Normalize(api) != Normalize(approved))
        {
            File.WriteAllText(receivedPath, api);
            Assert.Fail($"The library's public API changed. If that is on purpose, replace {approvedPath} with {receivedPath}.");
        }

        File.Delete(receivedPath);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
