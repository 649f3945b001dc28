using BlazorAuth.Components.Auth;
using Bunit;

namespace BlazorAuth.Tests.Components;

/// <summary>The time zone the browser names is only ever looked up as a zone name: anything else shows times in UTC.</summary>
public sealed class BrowserTimeZoneTests : BunitContext
{
    [Theory]
    [InlineData("Asia/Tokyo", "Asia/Tokyo")]
    [InlineData("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires")]
    [InlineData("../../../../etc/passwd", null)]
    [InlineData("/etc/localtime", null)]
    [InlineData("Europe/../../../etc/passwd", null)]
    [InlineData("Nowhere/Atlantis", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public async Task Only_a_zone_name_this_server_knows_is_taken(string? relayed, string? expected)
    {
        JSInterop.SetupModule("./locale.js").Setup<string?>("timeZone").SetResult(relayed);

        var zone = await new BrowserTimeZone(JSInterop.JSRuntime).GetAsync();

        Assert.Equal(expected, zone?.Id);
    }
}
