using System.Text.RegularExpressions;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Docs;

/// <summary>
/// docs/library.md's walkthrough, built as written: every block that names its file becomes that file of a
/// template-shaped app referencing the library, and the app must build with warnings as errors (RZ10012 included,
/// the warning a missing <c>@using</c> gives for components that would render as dead tags).
/// </summary>
public sealed partial class DocsSnippetTests
{
    private const string TemplateApp = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="utf-8" />
            <base href="/" />
            <HeadOutlet @rendermode="InteractiveServer" />
        </head>
        <body>
            <Routes @rendermode="InteractiveServer" />
            <script src="_framework/blazor.web.js"></script>
        </body>
        </html>
        """;

    private const string TemplateImports = """
        @using System.Net.Http
        @using Microsoft.AspNetCore.Components.Forms
        @using Microsoft.AspNetCore.Components.Routing
        @using Microsoft.AspNetCore.Components.Web
        @using static Microsoft.AspNetCore.Components.Web.RenderMode
        @using Microsoft.JSInterop
        @using MyApp.Components
        @using MyApp.Components.Layout

        """;

    [Fact]
    public async Task The_librarys_walkthrough_builds_as_written()
    {
        var repository = DotnetCli.RepositoryRoot();
        var files = SnippetFiles(await File.ReadAllTextAsync(Path.Combine(repository, "docs", "library.md")));
        Assert.Contains("Program.cs", files.Keys);
        Assert.Contains("Components/Routes.razor", files.Keys);
        Assert.Contains("Components/Layout/MainLayout.razor", files.Keys);

        var app = TempDirectory.Create();
        try
        {
            await Write(app, "MyApp.csproj", DotnetCli.WebProject(
                "<RootNamespace>MyApp</RootNamespace>",
                $"<ProjectReference Include=\"{Path.Combine(repository, "Auth", "BlazorAuth.Auth.csproj")}\" />"));
            await Write(app, "Components/App.razor", TemplateApp);
            await Write(app, "Components/_Imports.razor", TemplateImports);
            foreach (var (path, text) in files)
            {
                if (path == "Components/_Imports.razor")
                {
                    await File.AppendAllTextAsync(Path.Combine(app, path), text);
                }
                else
                {
                    await Write(app, path, text);
                }
            }

            // The library is already built by this test run: build only the app, and leave no build server behind.
            var (exitCode, output) = await DotnetCli.RunAsync(app, TimeSpan.FromMinutes(4), "build", "MyApp.csproj", "-nologo", "-v", "q",
                "--disable-build-servers", "-p:BuildProjectReferences=false", "-c", DotnetCli.Configuration());
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            TempDirectory.Delete(app);
        }
    }

    /// <summary>Each fenced block whose first line says <c>file: path</c>, by path.</summary>
    private static Dictionary<string, string> SnippetFiles(string markdown) =>
        Block().Matches(markdown).ToDictionary(m => m.Groups["path"].Value, m => m.Groups["body"].Value.TrimEnd() + "\n");

    [GeneratedRegex(@"```(?:csharp|razor)\n(?://|@\*) file: (?<path>[\w./]+)[^\n]*\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();

    private static async Task Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, text);
    }
}
