namespace BlazorAuth.Auth.Endpoints;

// The JSON shapes of docs/protocol.md: what the frame page posts and /refresh answers.

/// <summary>The provider's side of the session; the tokens are null (left out) unless the app exposes them to the browser.</summary>
internal sealed record ProviderInfoMessage(string? AccessToken, string? IdToken, string Scope, int? ExpiresInSeconds);

internal sealed record ProfileMessage(string? Email, string? DisplayName, string? Picture);

internal sealed record SessionMessage(string Ticket, int ExpiresInSeconds);

internal sealed record SessionResponse(ProviderInfoMessage ProviderInfo, ProfileMessage Profile, SessionMessage Session);

internal sealed record ErrorMessage(string Name, string Message);

/// <summary>How long the server saw each part of a sign-in take, for the providers page's timeline.</summary>
/// <param name="ProviderMs">From /start to the provider's callback: the user's time at the provider.</param>
/// <param name="ExchangeMs">The code exchange and validation behind the callback.</param>
internal sealed record FlowTiming(long ProviderMs, long ExchangeMs);

internal sealed record AuthorizationResponseMessage(string Type, SessionResponse? Response, ErrorMessage? Error, FlowTiming? Timing = null)
{
    public const string MessageType = "authorization_response";
}

internal sealed record LogoutResponse(string? LogoutUrl);

internal sealed record ErrorResponse(ErrorMessage Error);
