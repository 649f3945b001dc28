namespace BlazorAuth.Auth.Providers;

/// <summary>
/// What a granted scope lets the app do, in words for the person who granted it: for an account page, or a consent
/// page. A scope these words do not know is named as the provider named it.
/// </summary>
public static class ScopeWords
{
    public static string Describe(string scope) => scope switch
    {
        "openid" => "Confirm who you are",
        "profile" => "See your name and profile picture",
        "email" => "See your email address",
        "phone" => "See your phone number",
        "address" => "See your postal address",
        "offline_access" => "Keep you signed in while you are away",
        "roles" => "See your roles",
        "groups" => "See the groups you belong to",
        _ => $"Use the permission “{scope}”",
    };
}
