using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Auth;

/// <summary>
/// A session cookie the server could not read back would lock its browser out of every route, logout included:
/// an oversized profile is refused at sign-in, and whatever is accepted stays well below the header limit.
/// </summary>
[Collection(FakeProviderCollection.Name)]
public sealed class SessionSizeTests(FakeProviderFixture fixture) : FakeProviderTests(fixture)
{
    private const int MaxCookieBytes = 12 * 1024;

    public static TheoryData<int, int, int> Oversized => new()
    {
        { 7_700, 7_700, 7_700 },
        { 10, 23_000, 20 },
        { 256, 10, 20 },
        { 10, 10, 321 },
    };

    [Theory]
    [MemberData(nameof(Oversized))]
    public async Task An_oversized_profile_is_a_clear_error_that_stores_nothing_and_keeps_the_earlier_session(int subject, int name, int email)
    {
        var client = await SignedInAsync();
        var earlier = SessionCookies(client);

        Profile(new string('s', subject), new string('n', name), Email(email));
        var started = await StartAsync();
        foreach (var (cookie, value) in earlier)
        {
            started.Client.Jar.Set(cookie, value);
        }

        var frame = await CompleteAsync(started);

        Assert.Equal(HttpStatusCode.BadGateway, frame.StatusCode);
        Assert.Equal("SessionTooLarge", (await FramePageContent.ReadAsync(frame)).ErrorName);
        CookieAssert.NothingStored(frame, "fake");
        Assert.Equal(earlier, SessionCookies(started.Client));
        Provider.IdTokenClaims = null;
        Provider.UserInfoClaims = null;
        Provider.UserInfoSubject = FakeOidcProvider.Subject;
        Assert.Equal(HttpStatusCode.OK, (await started.Client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
    }

    [Fact]
    public async Task The_largest_profile_accepted_leaves_a_cookie_every_route_still_reads()
    {
        Profile(new string('s', 255), new string('n', 256), Email(320),
            picture: "https://avatars.example.test/" + new string('p', 2000),
            groups: Enumerable.Range(0, 20).Select(i => $"group-{i}-" + new string('g', 240)).ToArray());
        var client = await SignedInAsync();

        var cookieBytes = SessionCookies(client).Sum(c => c.Key.Length + c.Value.Length + 2);
        Assert.InRange(cookieBytes, 1, MaxCookieBytes);
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/refresh")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AppCallAsync(HttpMethod.Post, "/auth/fake/logout")).StatusCode);
    }

    private void Profile(string subject, string name, string email, string? picture = null, string[]? groups = null)
    {
        // The id_token names the user; name and email come from userinfo, which may answer far more than a token holds.
        Provider.IdTokenClaims = claims =>
        {
            claims["sub"] = subject;
            claims.Remove("name");
            claims.Remove("email");
            if (picture is not null)
            {
                claims["picture"] = picture;
            }

            if (groups is not null)
            {
                foreach (var (group, i) in groups.Select((g, i) => (g, i)))
                {
                    claims["claim-" + i] = group;
                }
            }
        };
        Provider.UserInfoSubject = subject;
        Provider.UserInfoClaims = claims =>
        {
            claims["name"] = name;
            claims["email"] = email;
        };
    }

    private static string Email(int length) => new string('e', length - "@example.test".Length) + "@example.test";

    private static Dictionary<string, string> SessionCookies(AppClient client) =>
        client.Jar.Cookies.Where(c => c.Key.StartsWith("__Host-fake-session", StringComparison.Ordinal)).ToDictionary();
}
