namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// Where a scheme's challenge carries the popup's transaction: an item of its <c>AuthenticationProperties</c>, which the
/// handler seals into its state with Data Protection (its own purpose, per scheme) and unseals on the callback.
/// </summary>
internal static class SchemeTransaction
{
    public const string PropertyName = ".blazorauth.transaction";
}
