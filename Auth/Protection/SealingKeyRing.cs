using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Protection;

/// <summary>
/// The keys <see cref="EnvelopeProtector{T}"/> seals short-lived values with. Data Protection derives a key and sets up
/// a cipher for every value it seals, which is most of a sign-in start's own cost; so this instance makes a random
/// AES-256 key, seals only that key with Data Protection, and seals values under it for <see cref="Rotation"/>. Data
/// Protection stays in charge: a key is worthless without the key ring, another instance (or this one after a restart)
/// unwraps it from the value itself, and a key older than what it may still open is refused.
/// </summary>
internal sealed class SealingKeyRing
{
    /// <summary>How long this instance seals with one key before it makes the next.</summary>
    public static readonly TimeSpan Rotation = TimeSpan.FromMinutes(15);

    // Only keys Data Protection unwrapped get here, one per instance per rotation, so the bound is never reached by
    // honest traffic; it keeps a long-running instance among many short-lived ones from holding every key it ever saw.
    private const int MaxUnwrapped = 256;

    private const int CreatedBytes = sizeof(long);

    private readonly IDataProtector _wrapper;
    private readonly TimeProvider _time;
    private readonly IOptions<AuthOptions> _options;
    private readonly long _maxSealsPerKey;
    private readonly ConcurrentDictionary<string, SealingKey> _unwrapped = new();
    private readonly Lock _rotating = new();
    private SealingKey? _current;

    /// <param name="maxSealsPerKey">Lower than the default only in tests, to see a key replaced when it has sealed its quota.</param>
    public SealingKeyRing(
        IDataProtectionProvider dataProtection, TimeProvider time, IOptions<AuthOptions> options, long maxSealsPerKey = SealingKey.MaxSealsPerKey)
    {
        _maxSealsPerKey = maxSealsPerKey;
        _wrapper = dataProtection.CreateProtector("BlazorAuth.SealingKey.v1");
        _time = time;
        _options = options;
    }

    /// <summary>The key to seal with now, made anew when the current one is due.</summary>
    public SealingKey Current()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && _time.GetUtcNow() - current.CreatedAt < Rotation ? current : Rotate(current);
    }

    /// <summary>
    /// Called when <paramref name="exhausted"/> has sealed all it may, or is due: the next key, made once by whichever
    /// thread gets here first.
    /// </summary>
    public SealingKey Rotate(SealingKey? exhausted)
    {
        lock (_rotating)
        {
            if (!ReferenceEquals(_current, exhausted))
            {
                return _current!;
            }

            var key = RandomNumberGenerator.GetBytes(SealingKey.KeyBytes);
            var created = _time.GetUtcNow();
            var payload = new byte[CreatedBytes + SealingKey.KeyBytes];
            BinaryPrimitives.WriteInt64BigEndian(payload, created.ToUnixTimeMilliseconds());
            key.CopyTo(payload, CreatedBytes);
            byte[] wrapped;
            try
            {
                wrapped = _wrapper.Protect(payload);
            }
            catch (CryptographicException e) when (StoreOutage.IsKeyRingUnavailable(e))
            {
                throw new AuthStoreUnavailableException("key ring", e.InnerException!);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(payload);
            }

            if (exhausted is not null)
            {
                // Its states are still in flight: this instance opens them without asking Data Protection again.
                _unwrapped.TryAdd(Convert.ToBase64String(exhausted.Wrapped), exhausted);
            }

            var next = SealingKey.Mine(key, wrapped, DateTimeOffset.FromUnixTimeMilliseconds(created.ToUnixTimeMilliseconds()), _maxSealsPerKey);
            Volatile.Write(ref _current, next);
            return next;
        }
    }

    /// <summary>
    /// The key a value was sealed with, from its wrapped form; null when Data Protection does not open it (forged, or
    /// another application's) or when the key is older than anything sealed with it may be. Throws
    /// <see cref="AuthStoreUnavailableException"/> when the key ring cannot be read.
    /// </summary>
    public SealingKey? Find(ReadOnlySpan<byte> wrapped)
    {
        if (Volatile.Read(ref _current) is { } current && wrapped.SequenceEqual(current.Wrapped))
        {
            return Usable(current) ? current : null;
        }

        var id = Convert.ToBase64String(wrapped);
        if (_unwrapped.TryGetValue(id, out var known))
        {
            return Usable(known) ? known : null;
        }

        var unwrappedKey = Unwrap(wrapped.ToArray());
        if (unwrappedKey is null || !Usable(unwrappedKey))
        {
            return null;
        }

        if (_unwrapped.Count >= MaxUnwrapped)
        {
            Forget();
        }

        return _unwrapped.GetOrAdd(id, unwrappedKey);
    }

    private SealingKey? Unwrap(byte[] wrapped)
    {
        byte[] payload;
        try
        {
            payload = _wrapper.Unprotect(wrapped);
        }
        catch (CryptographicException e) when (StoreOutage.IsKeyRingUnavailable(e))
        {
            throw new AuthStoreUnavailableException("key ring", e.InnerException!);
        }
        catch (CryptographicException)
        {
            return null;
        }

        try
        {
            return payload.Length == CreatedBytes + SealingKey.KeyBytes
                ? SealingKey.Unwrapped(
                    payload[CreatedBytes..],
                    wrapped,
                    DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload)))
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>
    /// A key sealed values for <see cref="Rotation"/> from its making, and each of them is good for the transaction
    /// lifetime (and a minute of the instances' clocks disagreeing): past that it opens nothing anyone should accept.
    /// </summary>
    private bool Usable(SealingKey key) =>
        _time.GetUtcNow() - key.CreatedAt <= Rotation + _options.Value.TransactionLifetime + TimeSpan.FromMinutes(1);

    private void Forget()
    {
        foreach (var (id, key) in _unwrapped)
        {
            if (!Usable(key))
            {
                _unwrapped.TryRemove(id, out _);
            }
        }

        if (_unwrapped.Count >= MaxUnwrapped)
        {
            _unwrapped.Clear();
        }
    }
}
