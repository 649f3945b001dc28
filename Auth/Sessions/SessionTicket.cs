namespace BlazorAuth.Auth.Sessions;

/// <summary>What a session ticket seals: a server-validated user, handed to the circuit once.</summary>
internal sealed record SessionTicket(string Id, SignedInUser User, DateTimeOffset IssuedAt);
