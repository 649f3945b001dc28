using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;

namespace BlazorAuth.Auth.Providers.CentralAuth;

/// <summary>CentralAuth's error codes (on the callback and from its API), each as a clear message for the user.</summary>
internal static class CentralAuthErrors
{
    private const string Name = "ProviderError";

    private static readonly AuthError NoPermission = new(Name, 403, "CentralAuth says you do not have permission to sign in to this app.");
    private static readonly AuthError TooManyRequests = new(Name, 400, "Too many sign-in attempts. Please wait a moment and try again.");
    private static readonly AuthError SessionOver = new(Name, 400, "Your CentralAuth session has ended. Please sign in again.");
    private static readonly AuthError DomainNotAllowed = new(Name, 400, "This app's address is not on the CentralAuth organisation's list of allowed domains.");
    private static readonly AuthError LoginAttempt = new(Name, 400, "The sign-in attempt expired or was already used. Please try again.");
    private static readonly AuthError Passkey = new(Name, 400, "Your passkey could not be used for this organisation. Please try again or use another way to sign in.");
    private static readonly AuthError Captcha = new(Name, 400, "The captcha check failed. Please try again.");
    private static readonly AuthError BadRequest = new(Name, 400, "CentralAuth found the sign-in request incomplete. Please try again.");
    private static readonly AuthError Misconfigured = new(Name, 502, "This app's CentralAuth connection is not set up correctly. Please tell the app's administrator.");
    private static readonly AuthError Generic = new(Name, 502, "CentralAuth could not sign you in. Please try again.");

    public static AuthError For(string? code) => code switch
    {
        "noPermission" => NoPermission,
        "tooManyRequests" => TooManyRequests,
        "sessionMissing" or "sessionNotVerified" or "sessionExpired" or "sessionInactive" or "sessionInvalid" => SessionOver,
        "domainInvalid" or "callbackUrlInvalid" or "callbackUrlMissing" => DomainNotAllowed,
        "loginAttemptMissing" or "loginAttemptExpired" or "loginAttemptInvalid" => LoginAttempt,
        "passkeyDataMissing" or "passkeyDataExpired" or "passkeyDataInvalid" or "passkeyWrongOrganization" => Passkey,
        "captchaInvalid" => Captcha,
        "stateMissing" or "stateInvalid" => AuthError.InvalidState,
        "missingFields" or "codeChallengeMissing" or "codeChallengeInvalid" or "tokenMissing" or "tokenInvalid" => BadRequest,
        "connectionMissing" or "organizationIdMissing" or "entityMissing" or "entityInvalid" or "secretMissing" => Misconfigured,
        _ => Generic,
    };

    /// <summary>The codes that mean the session is over, as opposed to the provider being unwell.</summary>
    public static bool EndsSession(string? code) =>
        code is "sessionMissing" or "sessionNotVerified" or "sessionExpired" or "sessionInactive" or "sessionInvalid" or "domainInvalid" or "noPermission";
}
