namespace BlazorAuth.Auth.Circuit;

/// <summary>What the JS module answers for a /refresh call: the HTTP status and, on success, the session ticket.</summary>
public sealed record RefreshResult(int Status, string? Ticket);

/// <summary>What the JS module answers for a /logout call.</summary>
public sealed record LogoutResult(int Status, string? LogoutUrl);
