namespace BlazorAuth.Auth.Storage;

/// <summary>
/// The store did not answer (Redis down, the SQLite file locked for too long). Sign-in and refresh answer 503
/// and keep the session cookie: nothing about the session itself is known to be wrong.
/// </summary>
public sealed class AuthStoreUnavailableException(string store, Exception inner)
    : Exception($"The session store ({store}) is unavailable: {inner.Message}", inner);
