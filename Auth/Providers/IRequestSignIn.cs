using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Providers;

/// <summary>A provider that vouches for the user on every request (an authenticating proxy): there is no sign-in page.</summary>
public interface IRequestSignIn : IAuthProvider
{
    /// <summary>The user of this request when there is no session yet; null where the request names none.</summary>
    ValueTask<ProviderSignIn?> SignInFromRequestAsync(HttpContext context, CancellationToken cancellationToken);
}
