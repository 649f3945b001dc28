using BlazorAuth.Auth.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// Configures a driven scheme, whatever its handler: its callback path is the provider's frame route, it keeps the
/// tokens it received (a session needs its refresh token), and its events hand the outcome to the frame route.
/// Registered for every options type; it touches only the schemes the popup drives.
/// </summary>
internal sealed class DrivenSchemeOptions<TOptions>(DrivenSchemes driven, IOptions<AuthOptions> auth) : IPostConfigureOptions<TOptions>
    where TOptions : RemoteAuthenticationOptions
{
    public void PostConfigure(string? name, TOptions options)
    {
        if (name is null || !driven.TryGetProvider(name, out var providerId))
        {
            return;
        }

        if (options.EventsType is not null)
        {
            throw new OptionsValidationException(name, typeof(TOptions),
                [$"The authentication scheme '{name}' takes its events from EventsType; a scheme BlazorAuth drives needs them set as Events."]);
        }

        options.CallbackPath = auth.Value.CallbackPath(providerId);
        HandlerCookies.ScopeTo(options, auth.Value.ProviderPath(providerId));
        options.SaveTokens = true;
        // A handler's own options type may leave its events unset (OAuth's and OpenID Connect's set theirs).
        options.Events ??= new RemoteAuthenticationEvents();
        SchemeCallbackEvents.Hook(options.Events);
    }
}
