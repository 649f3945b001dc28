using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BlazorAuth.Auth.Protection;

/// <summary>
/// One AES-256-GCM key of the <see cref="SealingKeyRing"/>: either made by this instance (it seals and opens) or
/// unwrapped from a value another instance sealed (it only opens). <see cref="Wrapped"/> is the key sealed with Data
/// Protection, carried in every value the key seals, so any instance with the key ring can open it after a restart.
/// </summary>
internal sealed class SealingKey
{
    public const int KeyBytes = 32;
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    /// <summary>NIST SP 800-38D's bound on invocations of one GCM key; the ring rotates long before, by age, at any real load.</summary>
    public const long MaxSealsPerKey = 1L << 32;

    private readonly byte[] _key;
    private readonly bool _mine;
    private readonly long _maxSeals;

    // AesGcm keeps one OpenSSL cipher context that every call sets up with its own nonce, so one instance cannot serve two
    // threads at once; and making one costs a quarter of a Data Protection seal, the cost this class exists to avoid.
    private readonly ThreadLocal<AesGcm> _cipher;
    private long _seals;

    private SealingKey(byte[] key, byte[] wrapped, DateTimeOffset createdAt, bool mine, long maxSeals)
    {
        _key = key;
        _mine = mine;
        _maxSeals = maxSeals;
        _cipher = new ThreadLocal<AesGcm>(() => new AesGcm(_key, TagBytes));
        Wrapped = wrapped;
        CreatedAt = createdAt;
    }

    public byte[] Wrapped { get; }

    public DateTimeOffset CreatedAt { get; }

    public static SealingKey Mine(byte[] key, byte[] wrapped, DateTimeOffset createdAt, long maxSeals) => new(key, wrapped, createdAt, mine: true, maxSeals);

    public static SealingKey Unwrapped(byte[] key, byte[] wrapped, DateTimeOffset createdAt) => new(key, wrapped, createdAt, mine: false, maxSeals: 0);

    /// <summary>
    /// Seals <paramref name="plaintext"/> into <paramref name="ciphertext"/>. The nonce is this key's own counter, so no
    /// two seals under the key share one: the key is random and never leaves this instance unwrapped, so no other
    /// instance counts with it. False when the key has sealed its quota and the ring must make another.
    /// </summary>
    public bool TrySeal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> nonce, Span<byte> ciphertext, Span<byte> tag)
    {
        if (!_mine)
        {
            throw new InvalidOperationException("A key unwrapped from another instance's value only opens values.");
        }

        var count = Interlocked.Increment(ref _seals);
        if (count > _maxSeals)
        {
            return false;
        }

        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], count);
        _cipher.Value!.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        return true;
    }

    /// <summary>False for anything this key did not seal with this associated data.</summary>
    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        try
        {
            _cipher.Value!.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }
}
