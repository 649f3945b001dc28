using BlazorAuth.Auth.Providers;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Events;

/// <summary>
/// What an app can change in a provider's sign-in from code, like ASP.NET Core's <c>OpenIdConnectEvents</c>.
/// Set them through <see cref="AuthEventsOptions"/>.
/// </summary>
public sealed class AuthProviderEvents
{
    /// <summary>
    /// Sees the raw state first, on every callback (errors too); false aborts with an invalid-state error
    /// before any token exchange (CentralAuth's <c>onStateReceived</c>).
    /// </summary>
    public Func<StateReceivedContext, ValueTask<bool>> OnStateReceived { get; set; } = static _ => ValueTask.FromResult(true);

    /// <summary>
    /// Maps the provider's profile to the app's user, or refuses it (allowed email domains, a user directory).
    /// Runs at sign-in and again on every refresh; a refusal stores nothing and ends an existing session.
    /// </summary>
    public Func<SignInResolverContext, ValueTask<SignInResolution>> ResolveSignIn { get; set; } =
        static context => ValueTask.FromResult(SignInResolution.Allow(context.Profile));

    /// <summary>
    /// Runs after a successful callback's answer is built; setting <see cref="AfterCallbackContext.Response"/>
    /// replaces it (CentralAuth's <c>onAfterCallback</c>). The session cookie is already on the response.
    /// </summary>
    public Func<AfterCallbackContext, ValueTask> OnAfterCallback { get; set; } = static _ => ValueTask.CompletedTask;
}

public sealed record StateReceivedContext(HttpContext HttpContext, string ProviderId, string? State, bool IsErrorCallback);

public sealed record SignInResolverContext(string ProviderId, UserProfile Profile, bool IsRefresh);

public sealed class AfterCallbackContext(HttpContext httpContext, string providerId, UserProfile profile, IResult response)
{
    public HttpContext HttpContext { get; } = httpContext;

    public string ProviderId { get; } = providerId;

    public UserProfile Profile { get; } = profile;

    /// <summary>The answer the popup gets; replace it to answer something else.</summary>
    public IResult Response { get; set; } = response;
}

/// <summary>A sign-in resolver's verdict: the (possibly mapped) profile, or a refusal the user is shown.</summary>
public sealed record SignInResolution(UserProfile? Profile, string? RefusalMessage)
{
    public static SignInResolution Allow(UserProfile profile) => new(profile, null);

    public static SignInResolution Refuse(string message) => new(null, message);
}
