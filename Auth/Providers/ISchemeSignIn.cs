namespace BlazorAuth.Auth.Providers;

/// <summary>A provider signed in by an ASP.NET Core remote authentication handler the host registered (or configuration did).</summary>
public interface ISchemeSignIn : IAuthProvider
{
    /// <summary>The authentication scheme the popup's sign-in challenges, and whose callback path is the frame route.</summary>
    string SchemeName { get; }
}
