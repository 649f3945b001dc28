using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Auth.Telemetry;

/// <summary>
/// Framework log categories whose verbose lines quote what must never reach a log: held back to the level at which
/// they no longer do, whatever level the configuration asks for, and never made more verbose than it asks for. The
/// suite's log scan (docs/threat-model.md, case 42) found each of them with every category turned up to Trace.
/// </summary>
internal static class SecretBearingLogs
{
    private static readonly (string Category, LogLevel Floor)[] Floors =
    [
        // "Request starting" lines carry query strings; in a sign-in those are codes and states.
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),

        // "Redirecting to" lines carry Locations: the provider's authorize URL with state, the demo provider's callbacks.
        ("Microsoft.AspNetCore.Http.Result", LogLevel.Warning),

        // The bad-request log quotes the refused request line, query string and all.
        ("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Warning),

        // Every hub invocation with its arguments: the circuit's interop calls carry the popup's message (tokens,
        // the session ticket) and the refresh's ticket.
        ("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Information),

        // "Created circuit … with secret …": the circuit secret is what reconnects to a circuit, the signed-in user's included.
        ("Microsoft.AspNetCore.Components.Server.ComponentHub", LogLevel.Information),

        // The framework's authentication handlers, which the scheme provider type drives: the OpenID Connect handler's
        // "HandleChallenge with Location" carries the authorize URL with its state, "MessageReceived" the callback's code.
        ("Microsoft.AspNetCore.Authentication", LogLevel.Information),
    ];

    public static ILoggingBuilder HoldBackSecretBearingLogs(this ILoggingBuilder logging)
    {
        // After the configuration's rules, so each category gets the stricter of the two levels.
        logging.Services.AddOptions<LoggerFilterOptions>().PostConfigure(options =>
        {
            foreach (var (category, floor) in Floors)
            {
                var configured = EffectiveLevel(options, category);
                options.Rules.Add(new LoggerFilterRule(null, category, configured > floor ? configured : floor, null));
            }
        });
        return logging;
    }

    /// <summary>The level the rules that apply to every provider give <paramref name="category"/>: the longest matching prefix wins.</summary>
    private static LogLevel EffectiveLevel(LoggerFilterOptions options, string category) =>
        options.Rules
            .Where(rule => rule.ProviderName is null && rule.Filter is null && rule.LogLevel is not null
                && (rule.CategoryName is null || category.StartsWith(rule.CategoryName, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(rule => rule.CategoryName?.Length ?? -1)
            .Select(rule => rule.LogLevel!.Value)
            .LastOrDefault(options.MinLevel);
}
