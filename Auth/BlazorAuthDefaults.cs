namespace BlazorAuth.Auth;

public static class BlazorAuthDefaults
{
    /// <summary>The authentication scheme that reads the session cookie: for <c>[Authorize(AuthenticationSchemes = …)]</c> and policies.</summary>
    public const string AuthenticationScheme = "BlazorAuth.Session";
}
