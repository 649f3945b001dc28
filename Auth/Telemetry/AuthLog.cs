using BlazorAuth.Auth.Errors;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Telemetry;

/// <summary>Every sign-in step and failure, by provider id and error kind; never a code, state, token or secret.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(1000, LogLevel.Debug, "Sign-in started with provider {ProviderId}")]
    public static partial void SignInStarted(ILogger logger, string providerId);

    [LoggerMessage(1001, LogLevel.Information, "Sign-in completed with provider {ProviderId}")]
    public static partial void SignInCompleted(ILogger logger, string providerId);

    /// <summary>One line with the cause; the stack trace only at Debug, so an outage does not flood the log.</summary>
    public static void SignInFailed(ILogger logger, string providerId, string errorName, Exception? exception) =>
        WithDetail(logger, providerId, exception, cause => SignInFailedLine(logger, providerId, errorName, cause));

    [LoggerMessage(1002, LogLevel.Warning, "Sign-in with provider {ProviderId} failed: {ErrorName}{Cause}")]
    private static partial void SignInFailedLine(ILogger logger, string providerId, string errorName, string cause);

    [LoggerMessage(1003, LogLevel.Debug, "Session refreshed with provider {ProviderId}")]
    public static partial void SessionRefreshed(ILogger logger, string providerId);

    public static void RefreshRefused(ILogger logger, string providerId, string errorName, Exception? exception) =>
        WithDetail(logger, providerId, exception, cause => RefreshRefusedLine(logger, providerId, errorName, cause));

    private static void WithDetail(ILogger logger, string providerId, Exception? exception, Action<string> line)
    {
        line(CauseOf(exception));
        if (exception is not null)
        {
            FailureDetail(logger, providerId, exception);
        }
    }

    [LoggerMessage(1004, LogLevel.Information, "Refresh with provider {ProviderId} refused: {ErrorName}{Cause}")]
    private static partial void RefreshRefusedLine(ILogger logger, string providerId, string errorName, string cause);

    [LoggerMessage(1016, LogLevel.Debug, "What failed with provider {ProviderId}")]
    private static partial void FailureDetail(ILogger logger, string providerId, Exception exception);

    private static string CauseOf(Exception? exception) => exception switch
    {
        null => "",
        Errors.AuthFlowException { Detail: { } detail } => " (" + detail + ")",
        Errors.AuthFlowException { InnerException: { } inner } => " (" + inner.GetBaseException().Message + ")",
        Errors.AuthFlowException => "",
        _ => " (" + exception.GetBaseException().Message + ")",
    };

    [LoggerMessage(1017, LogLevel.Error, "The session store did not answer on {Route} of {ProviderId}: {Cause}")]
    public static partial void StoreUnavailable(ILogger logger, string route, string providerId, string cause);

    [LoggerMessage(1005, LogLevel.Information, "Signed out of provider {ProviderId}")]
    public static partial void SignedOut(ILogger logger, string providerId);

    [LoggerMessage(1006, LogLevel.Warning, "Token endpoint of {ProviderId} refused the request with status {StatusCode}, error {ErrorCode}")]
    public static partial void TokenEndpointRefused(ILogger logger, string providerId, int statusCode, string errorCode);

    [LoggerMessage(1007, LogLevel.Warning, "Token endpoint of {ProviderId} answered a malformed response")]
    public static partial void TokenResponseMalformed(ILogger logger, string providerId);

    [LoggerMessage(1008, LogLevel.Warning, "Revocation at {ProviderId} failed: {ErrorName}")]
    public static partial void RevocationFailed(ILogger logger, string providerId, string errorName);

    [LoggerMessage(1009, LogLevel.Warning, "Id token from {ProviderId} rejected: {Reason}")]
    public static partial void IdTokenRejected(ILogger logger, string providerId, string reason);

    [LoggerMessage(1010, LogLevel.Warning, "Metadata of {ProviderId} could not be loaded ({ErrorName}): {Cause}")]
    public static partial void MetadataUnavailable(ILogger logger, string providerId, string errorName, string cause);

    [LoggerMessage(1015, LogLevel.Debug, "Metadata of {ProviderId} could not be loaded")]
    public static partial void MetadataUnavailableDetail(ILogger logger, string providerId, Exception exception);

    [LoggerMessage(1011, LogLevel.Information, "Request to {Route} of {ProviderId} refused: {ErrorName}")]
    public static partial void RequestRefused(ILogger logger, string route, string providerId, string errorName);

    [LoggerMessage(1012, LogLevel.Debug, "Autologin hop of provider {ProviderId} passed on without a session")]
    public static partial void AutologinHopPassed(ILogger logger, string providerId);

    [LoggerMessage(1013, LogLevel.Debug, "Front-channel logout of provider {ProviderId} refused: {ErrorName}")]
    public static partial void FrontchannelLogoutRefused(ILogger logger, string providerId, string errorName);

    [LoggerMessage(1014, LogLevel.Debug, "Front-channel logout of provider {ProviderId} ended its sessions")]
    public static partial void FrontchannelLogoutEnded(ILogger logger, string providerId);

    [LoggerMessage(1034, LogLevel.Error, "{Path} answered 503: the session store or the key ring kept in it did not answer: {Cause}")]
    public static partial void PageStoreUnavailable(ILogger logger, string path, string cause);

    [LoggerMessage(1033, LogLevel.Warning, "Sign-in with provider {ProviderId} not started: its last check found it not answering ({Detail})")]
    public static partial void ProviderKnownDown(ILogger logger, string providerId, string detail);

    [LoggerMessage(1032, LogLevel.Warning, "Sign-in with provider {ProviderId} refused (IssuerMismatch): {Detail}")]
    public static partial void IssuerRefused(ILogger logger, string providerId, string detail);

    [LoggerMessage(1030, LogLevel.Warning, "The authentication scheme of {ProviderId} reported a failed callback ({ErrorName}): {Detail}")]
    public static partial void SchemeCallbackFailed(ILogger logger, string providerId, string errorName, string detail);

    [LoggerMessage(1031, LogLevel.Warning, "The authentication scheme of {ProviderId} could not start a sign-in ({ErrorName}): {Detail}")]
    public static partial void SchemeChallengeFailed(ILogger logger, string providerId, string errorName, string detail);
}
