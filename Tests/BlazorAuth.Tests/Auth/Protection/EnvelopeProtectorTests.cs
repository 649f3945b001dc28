using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Xml.Linq;
using BlazorAuth.Auth;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Protection;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Auth.Transactions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth.Protection;

/// <summary>
/// States are sealed under a key of the instance's own that Data Protection wraps (docs/security.md, "How a state is
/// sealed"): any instance with the key ring opens them, nothing altered or sealed for another purpose opens, keys are
/// replaced on time and by count, and states an earlier version sealed with Data Protection alone still open.
/// </summary>
public sealed class EnvelopeProtectorTests : IDisposable
{
    private const string Purpose = "BlazorAuth.Transaction.v1";
    private const int MaxLength = 4096;

    private readonly string _keys = TempDirectory.Create();
    // A whole millisecond: a key's making is kept to the millisecond, and the lifetime test counts to its very end.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    private readonly IOptions<AuthOptions> _options = Options.Create(new AuthOptions());

    public void Dispose() => TempDirectory.Delete(_keys);

    [Fact]
    public void A_state_opens_on_another_instance_that_shares_the_key_ring()
    {
        var sealedValue = Protector().Protect(Transaction());

        var opened = Protector().Unprotect(sealedValue);

        Assert.Equal(Transaction(), opened);
    }

    [Fact]
    public void Another_applications_key_ring_opens_nothing()
    {
        var sealedValue = Protector().Protect(Transaction());
        var elsewhere = TempDirectory.Create();
        try
        {
            Assert.Null(Protector(elsewhere).Unprotect(sealedValue));
        }
        finally
        {
            TempDirectory.Delete(elsewhere);
        }
    }

    [Fact]
    public void A_state_with_any_one_byte_changed_opens_nowhere()
    {
        var sealedValue = Protector().Protect(Transaction());
        var bytes = WebEncoders.Base64UrlDecode(sealedValue);
        var sameInstance = Protector();
        Assert.NotNull(sameInstance.Unprotect(sealedValue));

        // Every byte: the marker, the wrapped key's length and the key itself, the nonce, the tag and the ciphertext.
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            Assert.Null(sameInstance.Unprotect(WebEncoders.Base64UrlEncode(tampered)));
        }
    }

    [Fact]
    public void A_state_sealed_for_one_purpose_opens_for_no_other()
    {
        var dataProtection = DataProtection();
        var ring = Ring(dataProtection);
        var sealedValue = Protector(dataProtection, ring).Protect(Transaction());

        Assert.Null(Protector(dataProtection, ring, "BlazorAuth.Other.v1").Unprotect(sealedValue));
        Assert.NotNull(Protector(dataProtection, ring).Unprotect(sealedValue));
    }

    [Fact]
    public void Truncated_and_malformed_values_are_refused_without_an_exception()
    {
        var protector = Protector();
        var bytes = WebEncoders.Base64UrlDecode(protector.Protect(Transaction()));
        var wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(1));

        var longerKey = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(longerKey.AsSpan(1), ushort.MaxValue);
        var noKey = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(noKey.AsSpan(1), 0);
        var candidates = new List<string?>
        {
            null, "", "!!!", "A", new string('A', MaxLength + 1),
            WebEncoders.Base64UrlEncode(longerKey), WebEncoders.Base64UrlEncode(noKey),
            WebEncoders.Base64UrlEncode([0xB1]), WebEncoders.Base64UrlEncode([0x09]),
        };
        for (var length = 1; length < 3 + wrappedLength + 28; length += 7)
        {
            candidates.Add(WebEncoders.Base64UrlEncode(bytes[..length]));
        }

        foreach (var candidate in candidates)
        {
            Assert.Null(protector.Unprotect(candidate));
        }
    }

    [Fact]
    public void A_key_is_replaced_on_time_and_its_states_open_until_the_transaction_lifetime_after_it()
    {
        var protector = Protector();
        var first = protector.Protect(Transaction());
        _time.Advance(SealingKeyRing.Rotation);
        var second = protector.Protect(Transaction());

        Assert.NotEqual(WrappedKey(first), WrappedKey(second));
        Assert.NotNull(protector.Unprotect(first));

        // The first key sealed its last state just before it was replaced; that state may be opened for the transaction
        // lifetime (and a minute of skew), and nothing sealed with the key after that.
        _time.Advance(_options.Value.TransactionLifetime + TimeSpan.FromMinutes(1));
        Assert.NotNull(Protector().Unprotect(first));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(protector.Unprotect(first));
        Assert.Null(Protector().Unprotect(first));
        Assert.NotNull(protector.Unprotect(second));
    }

    [Fact]
    public void A_key_that_has_sealed_its_quota_is_replaced()
    {
        var protector = Protector(maxSealsPerKey: 3);
        var states = Enumerable.Range(0, 7).Select(_ => protector.Protect(Transaction())).ToList();

        Assert.Equal(3, states.Select(WrappedKey).Distinct().Count());
        Assert.All(states, s => Assert.NotNull(protector.Unprotect(s)));
    }

    [Fact]
    public async Task No_two_states_share_a_nonce_under_one_key_however_many_threads_seal()
    {
        var protector = Protector();
        var states = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                states.Add(protector.Protect(Transaction()));
            }
        })));

        var nonces = states.Select(s =>
        {
            var bytes = WebEncoders.Base64UrlDecode(s);
            var nonceAt = 3 + BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(1));
            return (WrappedKey(s), Convert.ToHexString(bytes, nonceAt, SealingKey.NonceBytes));
        }).ToList();
        Assert.Equal(16_000, nonces.Distinct().Count());
        Assert.All(states.Take(100), s => Assert.NotNull(protector.Unprotect(s)));
    }

    [Fact]
    public void A_state_an_earlier_version_sealed_with_data_protection_alone_still_opens()
    {
        var dataProtection = DataProtection();
        var earlier = new PayloadProtector<AuthTransaction>(dataProtection, Purpose, AuthJsonContext.Default.AuthTransaction, MaxLength)
            .Protect(Transaction());

        Assert.Equal(Transaction(), Protector(dataProtection, Ring(dataProtection)).Unprotect(earlier));
        Assert.Null(Protector(dataProtection, Ring(dataProtection), "BlazorAuth.Other.v1").Unprotect(earlier));
    }

    [Fact]
    public void A_key_ring_out_of_reach_is_an_outage_not_a_bad_state()
    {
        var sealedValue = Protector().Protect(Transaction());
        var unreachable = Unreachable();

        // Telling the user their sign-in was not valid (and dropping it) would be wrong: the keys are only away.
        Assert.Throws<AuthStoreUnavailableException>(() => Protector(unreachable, Ring(unreachable)).Unprotect(sealedValue));
        Assert.Throws<AuthStoreUnavailableException>(() => Protector(unreachable, Ring(unreachable)).Protect(Transaction()));
    }

    private static IDataProtectionProvider Unreachable()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("envelope-tests");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new UnreachableRepository());
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }

    private static string WrappedKey(string sealedValue)
    {
        var bytes = WebEncoders.Base64UrlDecode(sealedValue);
        return Convert.ToHexString(bytes, 3, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(1)));
    }

    private static AuthTransaction Transaction() => new(
        "transaction-id", "demo", "https://issuer.example/", true, "verifier", "nonce", SignInFlow.Popup, "/account",
        "openid profile", "https://app.example", "https://app.example", DateTimeOffset.UnixEpoch);

    private IDataProtectionProvider DataProtection(string? keys = null) =>
        DataProtectionProvider.Create(new DirectoryInfo(keys ?? _keys), b => b.SetApplicationName("envelope-tests"));

    private SealingKeyRing Ring(IDataProtectionProvider dataProtection, long maxSealsPerKey = SealingKey.MaxSealsPerKey) =>
        new(dataProtection, _time, _options, maxSealsPerKey);

    private static EnvelopeProtector<AuthTransaction> Protector(IDataProtectionProvider dataProtection, SealingKeyRing ring, string purpose = Purpose) =>
        new(ring, purpose, AuthJsonContext.Default.AuthTransaction, MaxLength,
            new PayloadProtector<AuthTransaction>(dataProtection, purpose, AuthJsonContext.Default.AuthTransaction, MaxLength));

    private EnvelopeProtector<AuthTransaction> Protector(string? keys = null, long maxSealsPerKey = SealingKey.MaxSealsPerKey)
    {
        var dataProtection = DataProtection(keys);
        return Protector(dataProtection, Ring(dataProtection, maxSealsPerKey));
    }

    /// <summary>A key repository whose store is down, as Redis is when the instance cannot reach it.</summary>
    private sealed class UnreachableRepository : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => throw new AuthStoreUnavailableException("redis", new TimeoutException("no answer"));

        public void StoreElement(XElement element, string friendlyName) => throw new AuthStoreUnavailableException("redis", new TimeoutException("no answer"));
    }
}
