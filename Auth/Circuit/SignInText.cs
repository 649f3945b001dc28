using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Sessions;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// What the circuit tells the user, in its own words: one sentence naming the provider, chosen by the error's name. Text
/// the browser relays is never the sentence (a forged report could say anything); it is shown only as detail.
/// </summary>
internal static class SignInText
{
    public const string PopupBlocked = "PopupBlocked";
    public const string Cancelled = "Cancelled";
    public const string SignOutUnreachable = "You are signed out on this page, but the server could not be reached to end the session.";
    public const string SessionEnded = "Your session has ended; please sign in again.";
    public const string SignedOutInAnotherTab = "You signed out in another tab.";
    public const string SignedOutEverywhere = "You are now signed out on every device and browser.";

    /// <summary>Why the user is signed out, when they did not sign out on this page.</summary>
    public static string SessionEndedBecause(SessionEnd why, string provider) => why switch
    {
        SessionEnd.SignedOutEverywhere => "You signed out everywhere from another tab or device.",
        SessionEnd.SignedOutAtProvider => $"You signed out at {provider}, so you are signed out here too.",
        SessionEnd.SignedOut => SignedOutInAnotherTab,
        _ => SessionEnded,
    };

    public const string StoreUnavailable = "Sign-in is unavailable right now; please try again in a moment.";

    /// <summary>Why the popup could not finish, as the browser's side reports it.</summary>
    public static string PopupFailure(string reason, string provider) => reason switch
    {
        PopupBlocked => $"Your browser blocked the {provider} sign-in window; you can sign in in this tab instead.",
        "PopupClosed" => $"The {provider} sign-in window was closed before sign-in finished.",
        "Timeout" => $"Sign-in with {provider} took too long and was stopped.",
        _ => $"Sign-in with {provider} did not finish.",
    };

    /// <summary>The sentence for a sign-in the server refused with <paramref name="error"/>.</summary>
    /// <param name="declined">Whether the provider's answer was the user's own refusal (access_denied).</param>
    public static string ForError(AuthError? error, string provider, bool declined) => error?.Name switch
    {
        "ProviderError" when declined => $"You chose not to sign in with {provider}.",
        "ProviderError" => $"{provider} did not sign you in.",
        "UnknownProvider" or "StartNotOffered" => $"Sign-in with {provider} is not available on this site.",
        "OriginNotAllowed" => $"Sign-in with {provider} was refused because this page may not start it.",
        "InvalidRequest" => $"Sign-in with {provider} could not start.",
        "InvalidState" or "InvalidGrant" => $"Sign-in with {provider} expired or was interrupted before it finished.",
        "IssuerMismatch" or "ProviderBadResponse" or "InvalidIdToken" => $"The answer from {provider} could not be trusted, so you were not signed in.",
        "SignInMisconfigured" => $"Sign-in with {provider} is not set up correctly; please tell the site's operator.",
        "ProviderKeysUnknown" => $"The answer from {provider} could not be checked yet; please try again in a moment.",
        "ProviderUnavailable" => $"{provider} could not be reached; please try again in a moment.",
        "ProviderTimeout" => $"{provider} took too long to answer.",
        "SignInRefused" => $"Your {provider} account may not use this app.",
        "SessionTooLarge" => $"{provider} sent more about you than this app can keep, so you were not signed in.",
        "StoreUnavailable" => StoreUnavailable,
        "SessionEnded" or "NoSession" or "IdentityChanged" => SessionEnded,
        _ => $"Sign-in with {provider} did not finish.",
    };

    /// <summary>Whether trying again may help: not when the site or the account is the problem.</summary>
    public static bool Retryable(AuthError? error) =>
        error?.Name is not ("UnknownProvider" or "StartNotOffered" or "OriginNotAllowed" or "SignInMisconfigured" or "SignInRefused" or "SessionTooLarge");
}
