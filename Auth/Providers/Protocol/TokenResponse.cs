namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>A token endpoint's answer, after its shape was checked.</summary>
public sealed record TokenResponse(string AccessToken, string? TokenType, int? ExpiresIn, string? RefreshToken, string? IdToken, string? Scope);
