using BlazorAuth.Auth;
using BlazorAuth.Auth.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Support;

/// <summary>Runs the app's start-up validation of the auth settings, as ValidateOnStart does, without a host.</summary>
internal static class StartupValidation
{
    /// <summary>The validation failure message for these settings; null when they are valid.</summary>
    public static string? ErrorsFor(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddBlazorAuthServices(configuration).BuildServiceProvider();
        try
        {
            _ = services.GetRequiredService<IOptions<AuthOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }
}
