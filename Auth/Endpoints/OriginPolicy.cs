using BlazorAuth.Auth.Configuration;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>Which origins may take part in a sign-in: the app's own, and those configured as allowed.</summary>
internal sealed class OriginPolicy
{
    private readonly HashSet<string> _allowed;

    public OriginPolicy(IOptions<AuthOptions> options)
    {
        AppOrigin = options.Value.PublicOrigin!;
        _allowed = new HashSet<string>(StringComparer.Ordinal) { AppOrigin };
        foreach (var origin in options.Value.AllowedOrigins)
        {
            if (PublicOriginResolver.TryNormalize(origin, out var normalized))
            {
                _allowed.Add(normalized);
            }
        }
    }

    public string AppOrigin { get; }

    /// <summary>
    /// True for an exact, well-formed allowed origin. Compared as text after a strict parse, so
    /// <c>https://app.example.com.evil.example</c> or <c>https://app@evil.example</c> never pass.
    /// </summary>
    public bool IsAllowed(string? origin, out string normalized)
    {
        normalized = "";
        return origin is { Length: <= 256 }
            && !origin.EndsWith('/')
            && PublicOriginResolver.TryNormalize(origin, out normalized)
            && string.Equals(normalized, origin, StringComparison.OrdinalIgnoreCase)
            && _allowed.Contains(normalized);
    }
}
