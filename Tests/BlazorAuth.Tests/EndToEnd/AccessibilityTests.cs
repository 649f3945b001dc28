using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>axe-core on every page a person sees, signed out and in, light and dark, at desktop and phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_page_has_no_critical_or_serious_axe_finding_in_either_theme_at_desktop_and_phone_width()
    {
        var serious = new List<string>();
        var moderate = new SortedSet<string>();
        var states = 0;
        await new PageStates(fixture).VisitAllAsync(async (name, page) =>
        {
            foreach (var scheme in (ColorScheme[])[ColorScheme.Light, ColorScheme.Dark])
            {
                await PageStates.UseColourSchemeAsync(page, scheme);
                foreach (var (width, height) in ((int, int)[])[(1280, 800), (390, 844)])
                {
                    await page.SetViewportSizeAsync(width, height);
                    await page.WaitForTimeoutAsync(200);
                    var result = await page.RunAxe();
                    states++;
                    foreach (var violation in result.Violations)
                    {
                        var finding = $"{violation.Id} ({violation.Impact}): {violation.Help} — " +
                            string.Join("; ", violation.Nodes.Take(3).Select(n => $"{n.Target} {n.Html[..Math.Min(n.Html.Length, 300)]}"));
                        if (violation.Impact is "critical" or "serious")
                        {
                            serious.Add($"{name}, {scheme}, {width} px: {finding}");
                        }
                        else
                        {
                            moderate.Add($"{name}: {violation.Id} ({violation.Impact}): {violation.Help}");
                        }
                    }
                }
            }

            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
            await page.SetViewportSizeAsync(1280, 800);
        });

        output.WriteLine($"{states} page states checked; moderate and minor findings:");
        foreach (var finding in moderate)
        {
            output.WriteLine(finding);
        }

        Assert.True(states >= 40, $"only {states} page states were checked");
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
