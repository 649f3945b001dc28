using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// The framework's handler provider, except that the authentication middleware does not see a driven scheme as a
/// request handler: its callback is the frame route's, which runs the handler itself (<see cref="HandleCallbackAsync"/>)
/// behind the route's rate limit, size bound and headers, and answers the popup. Every other scheme is untouched.
/// </summary>
internal sealed class DrivenSchemeHandlers(IAuthenticationSchemeProvider schemes, DrivenSchemes driven) : IAuthenticationHandlerProvider
{
    private readonly AuthenticationHandlerProvider _handlers = new(schemes);

    public async Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme)
    {
        var handler = await _handlers.GetHandlerAsync(context, authenticationScheme);
        return handler is IAuthenticationRequestHandler && driven.Contains(authenticationScheme) ? new NotARequestHandler(handler) : handler;
    }

    /// <summary>Runs a driven scheme's callback handling; its events leave a <see cref="SchemeCallbackOutcome"/> on the request.</summary>
    public async Task HandleCallbackAsync(HttpContext context, string scheme)
    {
        if (await _handlers.GetHandlerAsync(context, scheme) is IAuthenticationRequestHandler handler)
        {
            await handler.HandleRequestAsync();
        }
    }

    private sealed class NotARequestHandler(IAuthenticationHandler inner) : IAuthenticationHandler
    {
        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context) => inner.InitializeAsync(scheme, context);

        public Task<AuthenticateResult> AuthenticateAsync() => inner.AuthenticateAsync();

        public Task ChallengeAsync(AuthenticationProperties? properties) => inner.ChallengeAsync(properties);

        public Task ForbidAsync(AuthenticationProperties? properties) => inner.ForbidAsync(properties);
    }
}
