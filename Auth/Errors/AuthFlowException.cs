namespace BlazorAuth.Auth.Errors;

/// <summary>A sign-in step failed in a way the user is told about; never a 500.</summary>
public sealed class AuthFlowException(AuthError error, string? providerText = null, Exception? inner = null, string? detail = null)
    : Exception(error.Name, inner)
{
    /// <summary>The exact cause, for the operators' page and the log; never shown to the user.</summary>
    public string? Detail { get; } = detail;

    public AuthError Error { get; } = error;

    /// <summary>The provider's own words, shown encoded and truncated; never markup.</summary>
    public string? ProviderText { get; } = providerText;
}
