using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Telemetry;

/// <summary>
/// Framework log categories whose verbose lines quote what must never reach a log: held back to the level at which
/// they no longer do, whatever level the configuration asks for. The suite's log scan (SECURITY-CASES 42) found
/// each of them with every category turned up to Trace.
/// </summary>
internal static class SecretBearingLogs
{
    public static ILoggingBuilder HoldBackSecretBearingLogs(this ILoggingBuilder logging)
    {
        // "Request starting" lines carry query strings; in a sign-in those are codes and states.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level => level >= LogLevel.Warning);

        // "Redirecting to" lines carry Locations: the provider's authorize URL with state, the demo provider's callbacks.
        logging.AddFilter("Microsoft.AspNetCore.Http.Result", level => level >= LogLevel.Warning);

        // The bad-request log quotes the refused request line, query string and all.
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.BadRequests", level => level >= LogLevel.Warning);

        // Every hub invocation with its arguments: the circuit's interop calls carry the popup's message (tokens,
        // the session ticket) and the refresh's ticket.
        logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", level => level >= LogLevel.Information);

        // The framework's authentication handlers, which the scheme provider type drives: the OpenID Connect handler's
        // "HandleChallenge with Location" carries the authorize URL with its state, "MessageReceived" the callback's code.
        logging.AddFilter("Microsoft.AspNetCore.Authentication", level => level >= LogLevel.Information);

        // "Created circuit … with secret …": the circuit secret is what reconnects to a circuit, the signed-in user's included.
        logging.AddFilter("Microsoft.AspNetCore.Components.Server.ComponentHub", level => level >= LogLevel.Information);
        return logging;
    }
}
