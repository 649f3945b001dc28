namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>Where a scheme's challenge carries the popup's transaction: an item of its <c>AuthenticationProperties</c>, sealed inside the handler's state.</summary>
internal static class SchemeTransaction
{
    public const string PropertyName = ".blazorauth.transaction";
}
