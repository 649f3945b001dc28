namespace BlazorAuth.Auth.Endpoints;

// The JSON shapes of PROTOCOL.md: what the frame page posts and /refresh answers.

public sealed record ProviderInfoMessage(string AccessToken, string? IdToken, string Scope, int? ExpiresInSeconds);

public sealed record ProfileMessage(string? Email, string? DisplayName, string? Picture);

public sealed record SessionMessage(string Ticket, int ExpiresInSeconds);

public sealed record SessionResponse(ProviderInfoMessage ProviderInfo, ProfileMessage Profile, SessionMessage Session);

public sealed record ErrorMessage(string Name, string Message);

public sealed record AuthorizationResponseMessage(string Type, SessionResponse? Response, ErrorMessage? Error)
{
    public const string MessageType = "authorization_response";
}

public sealed record LogoutResponse(string? LogoutUrl);

public sealed record ErrorResponse(ErrorMessage Error);
