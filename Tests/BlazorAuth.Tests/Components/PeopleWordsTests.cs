using BlazorAuth.Auth.Providers;
using BlazorAuth.Components.Auth;

namespace BlazorAuth.Tests.Components;

/// <summary>What the account page makes of user agents, times and scopes.</summary>
public sealed class PeopleWordsTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36", "Chrome on Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1", "Safari on iPhone")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:131.0) Gecko/20100101 Firefox/131.0", "Firefox on macOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36", "Chrome on Android")]
    [InlineData("curl/8.5.0", "curl")]
    [InlineData("", "Unknown browser")]
    [InlineData(null, "Unknown browser")]
    public void A_user_agent_reads_as_browser_on_system(string? userAgent, string expected) =>
        Assert.Equal(expected, BrowserName.Describe(userAgent));

    [Theory]
    [InlineData(-10, "just now")]
    [InlineData(-60, "1 minute ago")]
    [InlineData(-600, "10 minutes ago")]
    [InlineData(-7200, "2 hours ago")]
    [InlineData(-172800, "2 days ago")]
    [InlineData(1209600, "in 14 days")]
    public void Times_read_as_how_long_ago_or_from_now(int seconds, string expected)
    {
        var now = DateTimeOffset.Parse("2026-12-07T12:00:00Z");
        Assert.Equal(expected, PeopleTime.Relative(now.AddSeconds(seconds), now));
    }

    [Fact]
    public void A_local_time_is_in_the_browsers_zone_and_says_UTC_until_it_is_known()
    {
        var at = DateTimeOffset.Parse("2026-12-07T12:00:00Z");
        Assert.Equal("7 Dec 2026, 21:00", PeopleTime.Local(at, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")));
        Assert.Equal("7 Dec 2026, 12:00 UTC", PeopleTime.Local(at, null));
    }

    [Theory]
    [InlineData("email", "See your email address")]
    [InlineData("offline_access", "Keep you signed in while you are away")]
    [InlineData("api:write", "Use the permission “api:write”")]
    public void Scopes_read_as_what_they_let_the_app_do(string scope, string words) =>
        Assert.Equal(words, ScopeWords.Describe(scope));
}
