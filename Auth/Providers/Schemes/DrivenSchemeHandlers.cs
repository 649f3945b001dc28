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

    /// <remarks>
    /// The middleware asks for every request handler's scheme on every request; a driven scheme's handler is built only
    /// when someone goes on to use it (a challenge, an authenticate), not to be told it is not a request handler.
    /// </remarks>
    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme) =>
        driven.Contains(authenticationScheme)
            ? Task.FromResult<IAuthenticationHandler?>(new NotARequestHandler(() => _handlers.GetHandlerAsync(context, authenticationScheme)))
            : _handlers.GetHandlerAsync(context, authenticationScheme);

    /// <summary>Runs a driven scheme's callback handling; its events leave a <see cref="SchemeCallbackOutcome"/> on the request.</summary>
    public async Task HandleCallbackAsync(HttpContext context, string scheme)
    {
        if (await _handlers.GetHandlerAsync(context, scheme) is IAuthenticationRequestHandler handler)
        {
            await handler.HandleRequestAsync();
        }
    }

    /// <summary>The framework's handler (built and initialised on first use) without its request handling.</summary>
    private sealed class NotARequestHandler(Func<Task<IAuthenticationHandler?>> create) : IAuthenticationHandler
    {
        private IAuthenticationHandler? _inner;

        // The framework's provider initialises the handler it builds; this wrapper is never initialised on its own.
        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context) => Task.CompletedTask;

        public async Task<AuthenticateResult> AuthenticateAsync() => await (await InnerAsync()).AuthenticateAsync();

        public async Task ChallengeAsync(AuthenticationProperties? properties) => await (await InnerAsync()).ChallengeAsync(properties);

        public async Task ForbidAsync(AuthenticationProperties? properties) => await (await InnerAsync()).ForbidAsync(properties);

        private async Task<IAuthenticationHandler> InnerAsync() =>
            _inner ??= await create() ?? throw new InvalidOperationException("The driven scheme has no handler.");
    }
}
