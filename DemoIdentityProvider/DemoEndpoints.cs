using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>The demo provider's login page and the OpenIddict passthrough endpoints (authorize, token, userinfo, end session).</summary>
internal static class DemoEndpoints
{
    public const string LoginScheme = "DemoIdp.Login";

    /// <summary>The provider's session id, issued at login and put in id_tokens, which a back-channel logout names.</summary>
    private const string SessionIdClaim = "sid";
    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static void MapDemoEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", LoginPage);
        endpoints.MapPost("/login", (Delegate)LoginAsync);
        endpoints.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync);
        endpoints.MapPost("/connect/token", (Delegate)TokenAsync);
        endpoints.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfoAsync);
        endpoints.MapMethods("/connect/logout", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync);
        endpoints.MapGet("/signed-out", () => Page(DemoPages.SignedOut()));
        endpoints.MapGet("/logo.svg", () => Results.Text(DemoPages.Logo, "image/svg+xml"));
        endpoints.MapGet("/avatars/{id}.svg", (string id) =>
            DemoUsers.All.FirstOrDefault(u => u.UserName == id) is { } user
                ? Results.Text(DemoPages.Avatar(user), "image/svg+xml")
                : Results.NotFound());
    }

    private static IResult LoginPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        IsAuthorizeUrl(returnUrl) ? Page(DemoLoginForm(context, antiforgery, returnUrl!, null)) : Results.BadRequest("Unknown returnUrl.");

    private static async Task<IResult> LoginAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("The form expired; go back and try again.");
        }

        var form = await context.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (!IsAuthorizeUrl(returnUrl))
        {
            return Results.BadRequest("Unknown returnUrl.");
        }

        var user = DemoUsers.Authenticate(form["username"], form["password"]);
        if (user is null)
        {
            return Page(DemoLoginForm(context, antiforgery, returnUrl, "Wrong user name or password."), StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity(
            [new Claim(Claims.Subject, user.Id), new Claim(SessionIdClaim, DemoIds.New())],
            LoginScheme);
        await context.SignInAsync(LoginScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext context,
        IAntiforgery antiforgery,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations)
    {
        var request = context.GetOpenIddictServerRequest()!;
        var login = await context.AuthenticateAsync(LoginScheme);
        var user = DemoUsers.FindById(login.Principal?.FindFirstValue(Claims.Subject));

        // "Use another account" (prompt=login or select_account): the login page again, whoever is signed in here. It
        // returns to the request without that prompt, so the sign-in it makes is the one that counts.
        var anotherAccount = request.HasPromptValue(PromptValues.Login) || request.HasPromptValue(PromptValues.SelectAccount);
        if (user is null || anotherAccount)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            return Results.Redirect("/login?returnUrl=" + Uri.EscapeDataString(context.Request.Path + QueryOf(request, except: "prompt")));
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("The client was validated by OpenIddict and must exist.");
        var applicationId = (await applications.GetIdAsync(application))!;
        var scopes = request.GetScopes();

        var granted = await authorizations.FindAsync(user.Id, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, scopes).FirstOrDefaultAsync();
        if (granted is null)
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                var parameters = request.GetParameters()
                    .Where(p => p.Key != "decision")
                    .Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString() ?? ""));
                return Page(DemoPages.Consent(
                    await applications.GetDisplayNameAsync(application) ?? request.ClientId!, user.Name, scopes, parameters,
                    tokens.FormFieldName, tokens.RequestToken!));
            }

            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("The form expired; go back and try again.");
            }

            if (!string.Equals((string?)request["decision"], "accept", StringComparison.Ordinal))
            {
                return Forbid(Errors.AccessDenied, "The user denied access.");
            }
        }

        var identity = IdentityFor(user, scopes, Issuer(context), login.Principal!.FindFirstValue(SessionIdClaim));
        granted ??= await authorizations.CreateAsync(identity, user.Id, applicationId, AuthorizationTypes.Permanent, scopes);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(granted));
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()!;
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "Only the code and refresh_token grants are offered.");
        }

        var result = await context.AuthenticateAsync(ServerScheme);
        var user = DemoUsers.FindById(result.Principal?.GetClaim(Claims.Subject));
        if (user is null)
        {
            return Forbid(Errors.InvalidGrant, "The user no longer exists.");
        }

        // Claims are taken fresh from the user store, so a refreshed id_token reflects the current profile.
        var identity = IdentityFor(user, result.Principal!.GetScopes(), Issuer(context), result.Principal!.GetClaim(SessionIdClaim));
        identity.SetAuthorizationId(result.Principal!.GetAuthorizationId());
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(ServerScheme);
        var user = DemoUsers.FindById(result.Principal?.GetClaim(Claims.Subject));
        if (user is null)
        {
            return Results.Challenge(authenticationSchemes: [ServerScheme]);
        }

        var claims = new Dictionary<string, object> { [Claims.Subject] = user.Id };
        if (result.Principal!.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.Name;
            claims[Claims.PreferredUsername] = user.UserName;
            claims[Claims.Picture] = $"{Issuer(context)}/avatars/{user.UserName}.svg";
            claims[Claims.Role] = user.Roles;
        }

        if (result.Principal!.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.EmailVerified] = true;
        }

        return Results.Json(claims);
    }

    /// <summary>
    /// A GET only asks (a link or an image must not sign anyone out); the confirmed POST ends the session here and
    /// tells the app through the back channel before the browser moves on.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(HttpContext context, IAntiforgery antiforgery, DemoBackchannelLogout backchannel)
    {
        var request = context.GetOpenIddictServerRequest()!;
        var login = await context.AuthenticateAsync(LoginScheme);
        var user = DemoUsers.FindById(login.Principal?.FindFirstValue(Claims.Subject));

        // The app's own sign-out names the user it signed out with an id_token this provider issued (OpenIddict has
        // validated it): that is the user's request, so it is done without asking again. Anything else asks.
        var hint = await context.AuthenticateAsync(ServerScheme);
        var confirmedByHint = user is not null && hint.Principal?.FindFirstValue(Claims.Subject) == user.Id;
        if (user is not null && !HttpMethods.IsPost(context.Request.Method) && !confirmedByHint)
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            var parameters = request.GetParameters().Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString() ?? ""));
            return Page(DemoPages.SignOut(user.Name, parameters, tokens.FormFieldName, tokens.RequestToken!));
        }

        if (user is not null)
        {
            if (!confirmedByHint && !await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("The form expired; go back and try again.");
            }

            await context.SignOutAsync(LoginScheme);
            if (login.Principal!.FindFirstValue(SessionIdClaim) is { } sessionId)
            {
                await backchannel.NotifyAsync(user.Id, sessionId, context.RequestAborted);
            }
        }

        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" }, [ServerScheme]);
    }

    private static ClaimsIdentity IdentityFor(DemoUser user, ImmutableArray<string> scopes, string issuer, string? sessionId)
    {
        var identity = new ClaimsIdentity(ServerScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id).SetClaim(SessionIdClaim, sessionId);
        if (scopes.Contains(Scopes.Profile))
        {
            identity.SetClaim(Claims.Name, user.Name)
                .SetClaim(Claims.PreferredUsername, user.UserName)
                .SetClaim(Claims.Picture, $"{issuer}/avatars/{user.UserName}.svg")
                .SetClaims(Claims.Role, [.. user.Roles]);
        }

        if (scopes.Contains(Scopes.Email))
        {
            identity.SetClaim(Claims.Email, user.Email).SetClaim(Claims.EmailVerified, true);
        }

        identity.SetScopes(scopes);
        identity.SetDestinations(static claim => claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            SessionIdClaim => [Destinations.IdentityToken],
            Claims.Name or Claims.PreferredUsername or Claims.Picture or Claims.Role or Claims.Email or Claims.EmailVerified => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return identity;
    }

    private static string Issuer(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [ServerScheme]);

    private static string DemoLoginForm(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return DemoPages.Login(returnUrl, tokens.FormFieldName, tokens.RequestToken!, error);
    }

    private static IResult Page(string html, int status = StatusCodes.Status200OK) => new ThemedPage(html, status);

    /// <summary>A page of the demo provider, in the theme the app's cookie names.</summary>
    private sealed class ThemedPage(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext context) =>
            Results.Content(DemoPages.Themed(html, context.Request.Cookies[DemoPages.ThemeCookie]), "text/html; charset=utf-8", statusCode: status)
                .ExecuteAsync(context);
    }

    private static bool IsAuthorizeUrl(string? url) =>
        url is not null && url.StartsWith("/connect/authorize?", StringComparison.Ordinal) && !url.Contains('\\');

    private static string QueryOf(OpenIddictRequest request, string? except = null) =>
        "?" + string.Join('&', request.GetParameters()
            .Where(p => p.Key != "decision" && p.Key != except)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString() ?? "")}"));
}
