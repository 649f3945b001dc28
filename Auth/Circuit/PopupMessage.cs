using System.Text.Json;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.Protocol;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// What the popup's frame page posted, as the browser relayed it: a session ticket (the only part ever trusted, and
/// only once the server redeems it), timings to show, or an error. Anything malformed reads as empty.
/// </summary>
internal sealed record PopupMessage(string? Ticket, (long ProviderMs, long ExchangeMs)? Timing, string? ErrorName, string? ErrorText)
{
    private const int MaxLength = 64 * 1024;
    private const int MaxRelayedTextLength = 500;

    public static readonly PopupMessage Empty = new(null, null, null, null);

    public static PopupMessage Read(string message)
    {
        if (message.Length > MaxLength)
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("session", out var session) && session.ValueKind == JsonValueKind.Object
                && session.TryGetProperty("ticket", out var ticket) && ticket.ValueKind == JsonValueKind.String)
            {
                return new PopupMessage(ticket.GetString(), TimingOf(root), null, null);
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return new PopupMessage(null, null, error.StringOf("name"), error.StringOf("message"));
            }
        }
        catch (JsonException)
        {
            return Empty;
        }

        return Empty;
    }

    /// <summary>
    /// The failure in the circuit's own words, chosen by the error's name; the server's text that came with a name it
    /// defines is kept as detail (text, bounded), and anything else relayed by the browser is dropped.
    /// </summary>
    /// <param name="retryWith">The provider to offer Try again with, when trying again can help; null when it cannot be offered.</param>
    public SignInProblem Problem(string providerName, string? retryWith)
    {
        var error = AuthError.FindByName(ErrorName);
        var declined = error == AuthError.ProviderDenied && ErrorText?.Contains("access_denied", StringComparison.Ordinal) == true;
        var detail = error is null ? null
            : string.IsNullOrWhiteSpace(ErrorText) ? error.Name
            : $"{error.Name}: {(ErrorText.Length > MaxRelayedTextLength ? ErrorText[..MaxRelayedTextLength] : ErrorText)}";
        return new SignInProblem(SignInText.ForError(error, providerName, declined), detail, SignInText.Retryable(error) ? retryWith : null);
    }

    private static (long ProviderMs, long ExchangeMs)? TimingOf(JsonElement root) =>
        root.TryGetProperty("timing", out var timing) && timing.ValueKind == JsonValueKind.Object
        && timing.TryGetProperty("providerMs", out var provider) && provider.TryGetInt64(out var providerMs)
        && timing.TryGetProperty("exchangeMs", out var exchange) && exchange.TryGetInt64(out var exchangeMs)
        && providerMs >= 0 && exchangeMs >= 0
            ? (providerMs, exchangeMs)
            : null;

}
