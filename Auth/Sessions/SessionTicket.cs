namespace BlazorAuth.Auth.Sessions;

/// <summary>What a session ticket seals: a server-validated user, handed to the circuit once.</summary>
public sealed record SessionTicket(string Id, SignedInUser User, DateTimeOffset IssuedAt);
