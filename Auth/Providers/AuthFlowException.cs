namespace BlazorAuth.Auth.Providers;

/// <summary>A sign-in step failed in a way the user is told about; never a 500.</summary>
public sealed class AuthFlowException(AuthError error, string? providerText = null, Exception? inner = null)
    : Exception(error.Name, inner)
{
    public AuthError Error { get; } = error;

    /// <summary>The provider's own words, shown encoded and truncated; never markup.</summary>
    public string? ProviderText { get; } = providerText;
}
