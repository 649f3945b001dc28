using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Sessions;

/// <summary>
/// A provider's profile as a session keeps it (<see cref="ProfileBounds"/>, with <c>Auth:MaxClaimCharacters</c>), at
/// sign-in and at every renewal alike; claims left out are logged by type, so a group-heavy token does not lose claims
/// without a word.
/// </summary>
internal sealed partial class SessionProfiles(IOptions<AuthOptions> options, ILogger<SessionProfiles> logger)
{
    public UserProfile Bound(string providerId, UserProfile profile)
    {
        var bounded = ProfileBounds.Apply(profile, options.Value.MaxClaimCharacters, out var dropped);
        if (dropped.Count > 0)
        {
            Log.ClaimsDropped(logger, providerId, options.Value.MaxClaimCharacters, string.Join(", ", dropped));
        }

        return bounded;
    }

    private static partial class Log
    {
        [LoggerMessage(1042, LogLevel.Warning, "Claims from provider {ProviderId} past the session's budget of {Budget} characters (Auth:MaxClaimCharacters), or too long on their own, were not kept: {ClaimTypes}")]
        public static partial void ClaimsDropped(ILogger logger, string providerId, int budget, string claimTypes);
    }
}
