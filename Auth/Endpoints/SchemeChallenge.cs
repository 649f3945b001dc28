using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Providers.Schemes;
using BlazorAuth.Auth.Telemetry;
using BlazorAuth.Auth.Transactions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BlazorAuth.Auth.Endpoints;

/// <summary>
/// <c>/start</c> for a provider over an ASP.NET Core scheme: the scheme's own challenge sends the popup on (its
/// correlation cookie, its state, its PKCE and nonce), carrying the popup's transaction in its properties.
/// </summary>
internal static class SchemeChallenge
{
    /// <summary>Null once the handler has answered with its redirect; the failure page when it could not.</summary>
    /// <param name="prompt">OpenID Connect's <c>prompt</c> for this sign-in: <c>none</c> for a silent renewal, or "use another account".</param>
    public static async Task<IResult?> SendAsync(
        HttpContext context, ISchemeSignIn provider, AuthTransaction transaction, string carriedTransaction, string? prompt, ILogger logger)
    {
        var services = context.RequestServices;
        if (await services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(provider.SchemeName) is null)
        {
            return Failed(logger, transaction, AuthError.SignInMisconfigured, $"No authentication scheme '{provider.SchemeName}' is registered.");
        }

        // The return address stays "/": the handler seals it into the state, and the popup never goes there.
        var properties = new AuthenticationProperties { RedirectUri = "/" };
        properties.Items[SchemeTransaction.PropertyName] = carriedTransaction;
        if (prompt is not null)
        {
            properties.SetParameter(OpenIdConnectParameterNames.Prompt, prompt);
        }

        try
        {
            var schemeOptions = await services.GetRequiredService<SchemeOptionsResolver>().GetAsync(provider.SchemeName);

            // Only this sign-in can finish from now on: the handler cookies of earlier ones go before they pile up.
            HandlerCookies.RemoveAll(context, schemeOptions);
            if (transaction.Scope.Length > 0)
            {
                var configured = schemeOptions switch
                {
                    OpenIdConnectOptions oidc => oidc.Scope,
                    OAuthOptions oauth => oauth.Scope,
                    _ => [],
                };
                properties.SetParameter<ICollection<string>>(
                    OpenIdConnectParameterNames.Scope, [.. configured.Union(transaction.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal)]);
            }

            await context.ChallengeAsync(provider.SchemeName, properties);
            return null;
        }
        catch (OptionsValidationException e)
        {
            return Failed(logger, transaction, AuthError.SignInMisconfigured, e.Message);
        }
        catch (InvalidOperationException e)
        {
            // The handler could not read its provider's metadata (the OIDC handler's configuration manager says so this way).
            return Failed(logger, transaction, AuthError.ProviderUnavailable, e.Message);
        }
        catch (HttpRequestException e)
        {
            return Failed(logger, transaction, AuthError.ProviderUnavailable, e.Message);
        }
    }

    private static IResult Failed(ILogger logger, AuthTransaction transaction, AuthError error, string detail)
    {
        AuthLog.SchemeChallengeFailed(logger, transaction.ProviderId, error.Name, detail);
        return FramePage.Failure(error, transaction.AppOrigin, flow: transaction.Flow);
    }
}
