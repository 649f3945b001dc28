using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Configuration;

/// <summary>Checks the auth settings at start-up; the providers and the trusted forwarders are checked where they are used.</summary>
internal sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        if (!PublicOriginResolver.TryNormalize(options.PublicOrigin ?? "", out _))
        {
            errors.Add("Auth:PublicOrigin must be an http(s) origin such as https://app.example.com.");
        }

        errors.AddRange(options.AllowedOrigins
            .Where(origin => !PublicOriginResolver.TryNormalize(origin, out _))
            .Select(origin => $"Auth:AllowedOrigins has '{origin}', which is not an origin."));

        if (options.TransactionLifetime <= TimeSpan.Zero || options.SessionLifetime <= TimeSpan.Zero
            || options.BackchannelTimeout <= TimeSpan.Zero || options.PopupTimeout <= TimeSpan.Zero
            || options.SessionIdleTimeout <= TimeSpan.Zero || options.SessionRevalidationInterval <= TimeSpan.Zero)
        {
            errors.Add("Auth lifetimes and timeouts must be positive.");
        }

        if (!RoutePrefix().IsMatch(options.RoutePrefix))
        {
            errors.Add("Auth:RoutePrefix must be a path such as /auth: a leading '/', then a-z, 0-9, '-' and '/', and no trailing '/'.");
        }

        if (!options.SignInPath.StartsWith('/') || options.SignInPath.StartsWith("//", StringComparison.Ordinal)
            || options.SignInPath.Contains('\\') || options.SignInPath.Contains('?') || options.SignInPath.Contains('#'))
        {
            errors.Add("Auth:SignInPath must be a path on this app such as / or /sign-in, without a query.");
        }

        if (string.IsNullOrWhiteSpace(options.NameClaimType) || string.IsNullOrWhiteSpace(options.RoleClaimType))
        {
            errors.Add("Auth:NameClaimType and Auth:RoleClaimType must name a claim.");
        }

        if (options.MaxClaimCharacters is < 256 or > 32_768)
        {
            errors.Add("Auth:MaxClaimCharacters must be between 256 and 32768.");
        }

        if (options.MaxSessionsPerUser is < 1 or > 1000)
        {
            errors.Add("Auth:MaxSessionsPerUser must be between 1 and 1000.");
        }

        if (options.RateLimit.Burst < 1 || options.RateLimit.PerMinute < 1 || options.RateLimit.ProviderLogoutsPerMinute < 1)
        {
            errors.Add("Auth:RateLimit:Burst, PerMinute and ProviderLogoutsPerMinute must be at least 1.");
        }

        errors.AddRange(options.Providers
            .Where(p => p.Value.LogoUrl is { } logo && !IsLogoUrl(logo))
            .Select(p => $"Auth:Providers:{p.Key}:LogoUrl must be an http(s) URL or a path on this app starting with '/'."));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsLogoUrl(string logo) =>
        logo.StartsWith('/') && !logo.StartsWith("//", StringComparison.Ordinal) && !logo.Contains('\\')
        || Uri.TryCreate(logo, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.UserInfo);

    [GeneratedRegex("^(/[a-z0-9-]{1,32}){1,4}$")]
    private static partial Regex RoutePrefix();
}
