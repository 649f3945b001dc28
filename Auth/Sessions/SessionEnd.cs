namespace BlazorAuth.Auth.Sessions;

/// <summary>Why a session the user did not end on this page is over, as far as the server can tell.</summary>
public enum SessionEnd
{
    /// <summary>It ran out (idle or lifetime), or the reason is unknown.</summary>
    Ended,

    /// <summary>The user signed out of this session: in another tab, since a session belongs to one browser.</summary>
    SignedOut,

    /// <summary>The user chose "Sign out everywhere", in another browser or tab.</summary>
    SignedOutEverywhere,

    /// <summary>The user signed out at the provider, which told the app (back- or front-channel logout).</summary>
    SignedOutAtProvider,
}
