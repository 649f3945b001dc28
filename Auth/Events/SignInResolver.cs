using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Events;

/// <summary>
/// Decides whether a provider's user may use the app: the provider's configured <c>AllowedEmailDomains</c>
/// first (met only by an address the provider says it verified), then the app's own resolver event.
/// </summary>
internal sealed class SignInResolver(IOptions<AuthOptions> auth, IOptions<AuthEventsOptions> events)
{
    public const string DomainRefusal = "This app only lets in accounts from its own organisation's email domains.";

    /// <summary>The app's user, or throws <see cref="AuthFlowException"/> with <see cref="AuthError.SignInRefused"/>.</summary>
    public async ValueTask<UserProfile> ResolveAsync(string providerId, UserProfile profile, bool isRefresh)
    {
        var domains = auth.Value.Providers.GetValueOrDefault(providerId)?.AllowedEmailDomains;
        if (domains is { Count: > 0 } && !(profile.EmailVerified && HasAllowedDomain(profile.Email, domains)))
        {
            throw new AuthFlowException(AuthError.SignInRefused with { Message = DomainRefusal });
        }

        var resolution = await events.Value.Of(providerId).ResolveSignIn(new SignInResolverContext(providerId, profile, isRefresh));
        return resolution.Profile
            ?? throw new AuthFlowException(AuthError.SignInRefused with { Message = resolution.RefusalMessage ?? AuthError.SignInRefused.Message });
    }

    private static bool HasAllowedDomain(string? email, List<string> domains)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        return at > 0 && domains.Contains(email![(at + 1)..], StringComparer.OrdinalIgnoreCase);
    }
}
