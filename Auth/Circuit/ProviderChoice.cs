using System.Text;

namespace BlazorAuth.Auth.Circuit;

/// <summary>A provider as the UI offers it: the id the sign-in button names, and its label.</summary>
/// <param name="OffersSignIn">False for a provider that signs users in by itself (a proxy): it gets no button.</param>
/// <param name="RenewsSilently">A session it gave no refresh token is renewed through its own session in a hidden frame.</param>
/// <param name="LogoUrl">The provider's logo, as configured; null to show <see cref="Initial"/>.</param>
public sealed record ProviderChoice(string Id, string DisplayName, bool OffersSignIn, bool RenewsSilently = false, string? LogoUrl = null)
{
    /// <summary>What stands for the provider without a logo: the first letter of its name.</summary>
    public string Initial => DisplayName.Length == 0 ? "?" : Rune.ToUpperInvariant(Rune.GetRuneAt(DisplayName, 0)).ToString();
}
