namespace BlazorAuth.Auth.Providers;

/// <summary>
/// One configured identity provider: what every type has. What a type can do beyond that, it says by implementing
/// the capability interfaces next to this one (<see cref="IAuthorizationCodeSignIn"/>, <see cref="ISchemeSignIn"/>,
/// <see cref="ISessionRenewal"/>, <see cref="IProviderSignOut"/>, …); the routes ask for the capability they serve.
/// A new type is a folder with its provider, its factory and its options, and one registration.
/// </summary>
public interface IAuthProvider
{
    string Id { get; }

    string DisplayName { get; }

    string Type { get; }
}

public static class AuthProviderCapabilities
{
    /// <summary>Whether the provider has a sign-in page for the popup to open (an authenticating proxy has none).</summary>
    public static bool OffersSignIn(this IAuthProvider provider) => provider is IAuthorizationCodeSignIn or ISchemeSignIn;
}
