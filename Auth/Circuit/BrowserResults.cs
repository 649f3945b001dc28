namespace BlazorAuth.Auth.Circuit;

/// <summary>What the JS module answers for a /refresh call: the HTTP status and, on success, the session ticket.</summary>
internal sealed record RefreshResult(int Status, string? Ticket);

/// <summary>What the JS module answers for a /logout call.</summary>
internal sealed record LogoutResult(int Status, string? LogoutUrl);
