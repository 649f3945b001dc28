namespace BlazorAuth.Auth.Circuit;

/// <summary>A provider as the UI offers it: the id the sign-in button names, and its label.</summary>
public sealed record ProviderChoice(string Id, string DisplayName);
