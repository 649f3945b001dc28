namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// The claims a session keeps after a refresh through a host's scheme: the set sign-in made, in its order, each type's
/// values taken from the refreshed token where it carries that type. So claims the app's events added stay, and the
/// protocol claims the handler removed at sign-in (<c>nonce</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>…) do not appear.
/// </summary>
internal static class RefreshedClaims
{
    public static IReadOnlyList<KeyValuePair<string, string>> Merge(
        IReadOnlyList<KeyValuePair<string, string>> signedIn, IReadOnlyList<KeyValuePair<string, string>> refreshed)
    {
        var renewed = refreshed.ToLookup(c => c.Key, StringComparer.Ordinal);
        var merged = new List<KeyValuePair<string, string>>(signedIn.Count);
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in signedIn)
        {
            if (!renewed.Contains(claim.Key))
            {
                merged.Add(claim);
            }
            else if (done.Add(claim.Key))
            {
                merged.AddRange(renewed[claim.Key]);
            }
        }

        return merged;
    }
}
