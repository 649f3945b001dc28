using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Endpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Auth.Components;

/// <summary>
/// The page a signed-out visit asked for: the challenge sends the browser to <see cref="AuthOptions.SignInPath"/> with
/// it in <c>returnUrl</c>, and once the user has signed in the bridge takes them back. Only on the sign-in page, and
/// only to a path on this app (<see cref="ReturnPath"/>), so a link elsewhere cannot send a user anywhere.
/// </summary>
internal static class SignInReturn
{
    public static string? RequestedPage(NavigationManager navigation, AuthOptions options)
    {
        var uri = new Uri(navigation.Uri);
        var page = "/" + navigation.ToBaseRelativePath(uri.GetLeftPart(UriPartial.Path));
        if (!string.Equals(page.TrimEnd('/'), options.SignInPath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var requested = QueryHelpers.ParseQuery(uri.Query).TryGetValue("returnUrl", out var values) && values.Count == 1
            ? ReturnPath.Normalize(values[0])
            : null;

        // Back to the sign-in page itself would go nowhere.
        return requested is null || new Uri(uri, requested).GetLeftPart(UriPartial.Path) == uri.GetLeftPart(UriPartial.Path) ? null : requested;
    }
}
