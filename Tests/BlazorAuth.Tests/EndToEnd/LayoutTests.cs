using Microsoft.Playwright;

namespace BlazorAuth.Tests.EndToEnd;

/// <summary>From 320 px up, every page fits: nothing past the viewport's edges, no page-wide horizontal scroll, no control over another.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserFixture fixture)
{
    // Every visible element that reaches past the viewport's left or right edge, and every pair of visible controls
    // that overlap; elements inside a popover that is not open are not visible and so not counted.
    private const string Problems = """
        () => {
            const width = document.documentElement.clientWidth;
            const problems = [];
            const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.') : '')
                + (e.textContent ? ' "' + e.textContent.trim().slice(0, 30) + '"' : '');
            const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && e.checkVisibility({ visibilityProperty: true, opacityProperty: true }); };
            if (document.documentElement.scrollWidth > width) {
                problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${width} px`);
            }
            for (const e of document.body.querySelectorAll('*')) {
                if (!visible(e)) continue;
                const r = e.getBoundingClientRect();
                if (r.right > width + 0.5 || r.left < -0.5) {
                    problems.push(`${name(e)} spans ${Math.round(r.left)} to ${Math.round(r.right)} px in ${width} px`);
                }
            }
            const controls = [...document.querySelectorAll('a[href], button, input, [role=button], [role=menuitem]')]
                .filter(visible).filter((e, _, all) => !all.some(o => o !== e && o.contains(e)));
            for (let i = 0; i < controls.length; i++) {
                for (let j = i + 1; j < controls.length; j++) {
                    const a = controls[i].getBoundingClientRect(), b = controls[j].getBoundingClientRect();
                    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left), y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                    if (x > 1 && y > 1) problems.push(`${name(controls[i])} overlaps ${name(controls[j])}`);
                }
            }
            return problems;
        }
        """;

    [Fact]
    public async Task Every_page_fits_at_320_390_and_1280_px_with_nothing_past_the_edge_and_no_controls_overlapping()
    {
        var problems = new List<string>();
        var states = 0;
        await new PageStates(fixture).VisitAllAsync(async (name, page) =>
        {
            foreach (var (width, height) in ((int, int)[])[(320, 640), (390, 844), (1280, 800)])
            {
                await page.SetViewportSizeAsync(width, height);
                await page.WaitForTimeoutAsync(200);
                states++;
                problems.AddRange((await page.EvaluateAsync<string[]>(Problems)).Select(p => $"{name} at {width} px: {p}"));
                if (width == 320)
                {
                    var file = string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"layout-320-{file}.png"), FullPage = true });
                }
            }

            await page.SetViewportSizeAsync(1280, 800);
        });

        Assert.True(states >= 30, $"only {states} page states were checked");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
