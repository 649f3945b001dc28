namespace BlazorAuth.Auth.Circuit;

/// <summary>A provider as the UI offers it: the id the sign-in button names, and its label.</summary>
/// <param name="OffersSignIn">False for a provider that signs users in by itself (a proxy): it gets no button.</param>
/// <param name="RenewsSilently">A session it gave no refresh token is renewed through its own session in a hidden frame.</param>
public sealed record ProviderChoice(string Id, string DisplayName, bool OffersSignIn, bool RenewsSilently = false);
