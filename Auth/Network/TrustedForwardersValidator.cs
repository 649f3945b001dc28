using BlazorAuth.Auth.Configuration;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Network;

/// <summary>Checks <c>Auth:TrustedForwarders</c> at start-up: each entry an IP address or a CIDR range.</summary>
internal sealed class TrustedForwardersValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = options.TrustedForwarders
            .Where(entry => IPNetworks.Parse(entry) is null)
            .Select(entry => $"Auth:TrustedForwarders has '{entry}', which is neither an IP address nor a CIDR range.")
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
