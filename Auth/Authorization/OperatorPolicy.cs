using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Authorization;

/// <summary>
/// Who may see the operators' pages (configuration and sign-in diagnostics): in Development anyone, unless
/// <see cref="AuthOptions.OpenOperatorPagesInDevelopment"/> is off; elsewhere only a signed-in user named in
/// <see cref="AuthOptions.Operators"/>. A host that registers its own policy under <see cref="Name"/> replaces this one.
/// </summary>
public static class OperatorPolicy
{
    public const string Name = "BlazorAuth.Operators";
}

internal sealed class OperatorRequirement : IAuthorizationRequirement;

internal sealed class OperatorAuthorizationHandler(IHostEnvironment environment, IOptions<AuthOptions> options)
    : AuthorizationHandler<OperatorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        var auth = options.Value;
        if ((environment.IsDevelopment() && auth.OpenOperatorPagesInDevelopment) || IsListed(context, auth.Operators))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>Named by provider and subject (<c>github:583231</c>), or by an email address the provider verified.</summary>
    private static bool IsListed(AuthorizationHandlerContext context, List<string> operators)
    {
        var user = context.User;
        if (operators.Count == 0 || user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var provider = user.FindFirst(SignedInUser.ProviderClaim)?.Value;
        var subject = user.FindFirst("sub")?.Value;
        var verifiedEmail = user.FindFirst(SignedInUser.VerifiedEmailClaim)?.Value;
        return operators.Any(entry =>
            (provider is not null && subject is not null && string.Equals(entry, $"{provider}:{subject}", StringComparison.Ordinal))
            || (verifiedEmail is not null && string.Equals(entry, verifiedEmail, StringComparison.OrdinalIgnoreCase)));
    }
}
