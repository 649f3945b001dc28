namespace BlazorAuth.Auth.Errors;

/// <summary>An error kind with its fixed, safe name, status code and message for the user.</summary>
public sealed record AuthError(string Name, int StatusCode, string Message)
{
    public static readonly AuthError UnknownProvider = new("UnknownProvider", 404, "Sign-in failed: this sign-in provider is not configured.");
    public static readonly AuthError OriginNotAllowed = new("OriginNotAllowed", 403, "Sign-in failed: the page that asked for it is not allowed to.");
    public static readonly AuthError InvalidRequest = new("InvalidRequest", 400, "Sign-in failed: the request was not valid.");
    public static readonly AuthError InvalidState = new("InvalidState", 400, "Sign-in failed: the request expired or was tampered with.");
    public static readonly AuthError IssuerMismatch = new("IssuerMismatch", 400, "Sign-in failed: the answer did not come from the expected provider.");
    public static readonly AuthError ProviderDenied = new("ProviderError", 400, "Sign-in failed: the provider did not sign you in.");
    public static readonly AuthError InvalidGrant = new("InvalidGrant", 400, "Sign-in failed: the sign-in code was already used or has expired. Please try again.");
    public static readonly AuthError ProviderBadResponse = new("ProviderBadResponse", 502, "Sign-in failed: the provider answered in a way that could not be trusted.");
    public static readonly AuthError SignInMisconfigured = new("SignInMisconfigured", 502, "Sign-in with this provider is misconfigured. Please contact the site's operator.");
    public static readonly AuthError ProviderKeysUnknown = new("ProviderKeysUnknown", 502, "Sign-in failed: the provider signed with a key it does not publish. Please try again in a moment.");
    public static readonly AuthError InvalidIdToken = new("InvalidIdToken", 502, "Sign-in failed: the provider's identity token could not be verified.");
    public static readonly AuthError ProviderUnavailable = new("ProviderUnavailable", 502, "Sign-in failed: the provider could not be reached.");
    public static readonly AuthError ProviderTimeout = new("ProviderTimeout", 504, "Sign-in failed: the provider took too long to answer.");
    public static readonly AuthError MissingHeader = new("MissingHeader", 401, "This request must come from the app.");
    public static readonly AuthError NoSession = new("NoSession", 401, "You are not signed in.");
    public static readonly AuthError SessionEnded = new("SessionEnded", 401, "Your session has ended. Please sign in again.");
    public static readonly AuthError StartNotOffered = new("StartNotOffered", 404, "This provider signs you in through the proxy in front of the app; there is no sign-in page to open.");
    public static readonly AuthError SignInRefused = new("SignInRefused", 403, "Sign-in failed: this account may not use this app.");
    public static readonly AuthError SessionTooLarge = new("SessionTooLarge", 502, "Sign-in failed: the provider sent more about you than this app can keep.");
    public static readonly AuthError StoreUnavailable = new("StoreUnavailable", 503, "Sign-in is unavailable right now. Please try again in a moment.");
    public static readonly AuthError IdentityChanged = new("IdentityChanged", 401, "Your session has ended: the provider now names another user.");

    private static readonly Dictionary<string, AuthError> ByName =
        new[] { UnknownProvider, OriginNotAllowed, InvalidRequest, InvalidState, IssuerMismatch, ProviderDenied, InvalidGrant,
                ProviderBadResponse, InvalidIdToken, ProviderUnavailable, ProviderTimeout, MissingHeader, NoSession, SessionEnded, IdentityChanged,
                SignInRefused, StartNotOffered, SessionTooLarge, ProviderKeysUnknown, SignInMisconfigured, StoreUnavailable }
        .ToDictionary(e => e.Name, StringComparer.Ordinal);

    /// <summary>The known error of that name: what the circuit shows for a name relayed by the browser.</summary>
    public static AuthError? FindByName(string? name) =>
        name is not null && ByName.TryGetValue(name, out var error) ? error : null;
}
