using System.Runtime.CompilerServices;
using BlazorAuth.Auth;
using BlazorAuth.Auth.Configuration;
using PublicApiGenerator;

namespace BlazorAuth.Tests.PublicApi;

/// <summary>
/// The packages' public surface, pinned: a change to it fails here until the approved file is updated with it, so the
/// surface hosts build on changes only on purpose. The failure writes what it found beside the approved file.
/// </summary>
public sealed class PublicApiTests
{
    [Theory]
    [InlineData("BlazorAuth.Auth")]
    [InlineData("BlazorAuth.Auth.Redis")]
    public void Each_packages_public_api_is_the_approved_one(string package)
    {
        var assembly = package == "BlazorAuth.Auth" ? typeof(AuthOptions).Assembly : typeof(RedisStorageExtensions).Assembly;
        Assert.Equal(package, assembly.GetName().Name);
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute"] });
        var approvedPath = Path.Combine(SourceDirectory(), $"{package}.approved.txt");
        var receivedPath = Path.Combine(SourceDirectory(), $"{package}.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : "";

        if (Normalize(api) != Normalize(approved))
        {
            File.WriteAllText(receivedPath, api);
            Assert.Fail($"The public API of {package} changed. If that is on purpose, replace {approvedPath} with {receivedPath}.");
        }

        File.Delete(receivedPath);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
