namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>An authorization response whose RFC 9207 <c>iss</c> names another issuer, or none where the provider promised one.</summary>
public sealed class SchemeIssuerMismatchException() : Exception("The authorization response's iss does not name the provider's issuer.");
