namespace BlazorAuth.Auth.Circuit;

/// <summary>What the circuit tells the user about sign-in in its own words (the server's errors bring theirs).</summary>
internal static class SignInText
{
    public const string Failed = "Sign-in failed. Please try again.";
    public const string PopupBlocked = "PopupBlocked";
    public const string Cancelled = "Cancelled";
    public const string SignOutUnreachable = "You are signed out on this page, but the server could not be reached to end the session.";

    /// <summary>Why the popup could not finish, as the browser's side reports it.</summary>
    public static string PopupFailure(string reason) => reason switch
    {
        PopupBlocked => "Your browser blocked the sign-in window. You can continue in this tab instead.",
        "PopupClosed" => "The sign-in window was closed before sign-in finished.",
        "Timeout" => "Sign-in took too long and was stopped. Please try again.",
        _ => Failed,
    };
}
