using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// Hooks a driven scheme's events, after the host's own: a ticket, a remote failure or an access denial is kept on the
/// request as a <see cref="SchemeCallbackOutcome"/> and the handler steps aside, so the frame route answers the popup.
/// For OpenID Connect, the RFC 9207 <c>iss</c> check the built-in type makes is added before the code is redeemed.
/// </summary>
internal static class SchemeCallbackEvents
{
    // Options are rebuilt when their configuration changes, but a host may hand every build the same events object.
    private static readonly ConditionalWeakTable<RemoteAuthenticationEvents, object> Hooked = [];

    public static void Hook(RemoteAuthenticationEvents events)
    {
        if (!Hooked.TryAdd(events, Hooked))
        {
            return;
        }

        var ticketReceived = events.OnTicketReceived;
        events.OnTicketReceived = async context =>
        {
            await ticketReceived(context);
            new SchemeCallbackOutcome(context.Properties, context.Principal, null, null).Keep(context.HttpContext);
            context.SkipHandler();
        };

        var remoteFailure = events.OnRemoteFailure;
        events.OnRemoteFailure = async context =>
        {
            await remoteFailure(context);
            new SchemeCallbackOutcome(context.Properties, null, ErrorOf(context.Failure, context.Properties), context.Failure?.Message)
                .Keep(context.HttpContext);
            context.SkipHandler();
        };

        var accessDenied = events.OnAccessDenied;
        events.OnAccessDenied = async context =>
        {
            await accessDenied(context);
            new SchemeCallbackOutcome(context.Properties, null, AuthError.ProviderDenied, "access_denied").Keep(context.HttpContext);
            context.SkipHandler();
        };

        if (events is OpenIdConnectEvents oidc)
        {
            var messageReceived = oidc.OnMessageReceived;
            oidc.OnMessageReceived = async context =>
            {
                await messageReceived(context);
                if (context.Result is null)
                {
                    await CheckIssuerAsync(context);
                }
            };
        }
    }

    /// <summary>
    /// RFC 9207: an <c>iss</c> that differs from the discovered issuer is wrong, and a missing one is wrong where the
    /// metadata promised it (<c>authorization_response_iss_parameter_supported</c>). The handler itself does not check.
    /// </summary>
    private static async Task CheckIssuerAsync(MessageReceivedContext context)
    {
        if (context.Options.ConfigurationManager is not { } configurations)
        {
            return;
        }

        var configuration = await configurations.GetConfigurationAsync(context.HttpContext.RequestAborted);
        var iss = context.ProtocolMessage.Iss;
        if (IssuerCheck.Refuses(iss, configuration.Issuer, configuration.AuthorizationResponseIssParameterSupported))
        {
            // Kept with the challenge's properties (a failure raised here would lose them), so the popup hears of it.
            new SchemeCallbackOutcome(context.Properties, null, AuthError.IssuerMismatch, IssuerCheck.Describe(iss, configuration.Issuer)).Keep(context.HttpContext);
            context.SkipHandler();
        }
    }

    /// <summary>The user-facing error for what the handler reported; the handler's words go to the log.</summary>
    private static AuthError ErrorOf(Exception? failure, AuthenticationProperties? properties) => failure switch
    {
        _ when properties is null => AuthError.InvalidState,
        OpenIdConnectProtocolInvalidNonceException or OpenIdConnectProtocolInvalidStateException => AuthError.InvalidState,
        { Message: "Correlation failed." } => AuthError.InvalidState,
        SecurityTokenException or OpenIdConnectProtocolInvalidCHashException or CryptographicException => AuthError.InvalidIdToken,
        OpenIdConnectProtocolException => AuthError.ProviderDenied,
        HttpRequestException => AuthError.ProviderUnavailable,
        TaskCanceledException or TimeoutException => AuthError.ProviderTimeout,
        _ => AuthError.ProviderBadResponse,
    };
}
