using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>
/// OpenIddict's application manager, with the client secret's check made once per secret: OpenIddict stores the secret
/// as a PBKDF2 hash and derives it again for every token request, which is most of what a code exchange or a refresh
/// costs the demo provider. Run on the app's own cores (the bench puts it beside the app it measures), it left the app's
/// renewals waiting seconds for answers.
/// </summary>
/// <remarks>
/// A secret that passed the full check is remembered as its SHA-256, per stored hash. A presented secret that does not
/// match it gets the full check, so guessing costs what it did; a secret rotated at start-up has a new stored hash.
/// </remarks>
internal sealed class DemoApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    DemoApplicationManager.PassedSecrets passedSecrets)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    protected override async ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        if (passedSecrets.Matches(comparand, digest))
        {
            return true;
        }

        if (!await base.ValidateClientSecretAsync(secret, comparand, cancellationToken))
        {
            return false;
        }

        passedSecrets.Remember(comparand, digest);
        return true;
    }

    /// <summary>The secrets that passed, for the provider's life: OpenIddict makes a manager per request.</summary>
    internal sealed class PassedSecrets
    {
        // Keyed by what the database stores, never by what a client sends: one entry per registered secret.
        private readonly ConcurrentDictionary<string, byte[]> _passed = new(StringComparer.Ordinal);

        public bool Matches(string comparand, byte[] digest) =>
            _passed.TryGetValue(comparand, out var passed) && CryptographicOperations.FixedTimeEquals(passed, digest);

        public void Remember(string comparand, byte[] digest) => _passed[comparand] = digest;
    }
}
