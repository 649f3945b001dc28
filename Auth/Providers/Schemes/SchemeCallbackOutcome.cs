using System.Security.Claims;
using BlazorAuth.Auth.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// What a scheme's handler made of a callback: the ticket, or why there is none. The handler's events leave it on
/// the request for the frame route, which finishes the sign-in exactly as for the other provider types.
/// </summary>
/// <param name="Properties">The challenge's properties, carrying the popup's transaction; null when the state could not be read.</param>
/// <param name="Principal">The user the handler vouches for; null on failure.</param>
/// <param name="Error">Why the handler has no user; null on success.</param>
/// <param name="Detail">The handler's own account of a failure, for the log and the operators' page only.</param>
internal sealed record SchemeCallbackOutcome(AuthenticationProperties? Properties, ClaimsPrincipal? Principal, AuthError? Error, string? Detail)
{
    public static SchemeCallbackOutcome? Of(HttpContext context) => context.Features.Get<SchemeCallbackOutcome>();

    internal void Keep(HttpContext context) => context.Features.Set(this);
}
