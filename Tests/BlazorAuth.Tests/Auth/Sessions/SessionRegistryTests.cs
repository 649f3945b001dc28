using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Storage;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth.Sessions;

public sealed class SessionRegistryTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<TempStore> _stores = [];
    private readonly SessionRegistry _registry;
    private readonly Dictionary<string, string> _ids = [];
    private IndexLosingStore? _losing;

    public SessionRegistryTests() => _registry = Registry(NewStore());

    public void Dispose() => _stores.ForEach(s => s.Dispose());

    [Fact]
    public async Task A_registered_session_is_live_and_touching_it_keeps_it_from_idling_out()
    {
        await StartAsync(_registry, "s1", userAgent: "Firefox");
        Assert.True(await _registry.IsLiveAsync(Id("s1"), default));

        _time.Advance(TimeSpan.FromMinutes(50));
        await _registry.TouchAsync((await _registry.GetAsync(Id("s1"), default))!, default);
        _time.Advance(TimeSpan.FromMinutes(50));
        Assert.True(await _registry.IsLiveAsync(Id("s1"), default));

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.False(await _registry.IsLiveAsync(Id("s1"), default));
        Assert.Null(await _registry.GetAsync(Id("s1"), default));
    }

    [Fact]
    public async Task A_session_ends_at_its_absolute_expiry_however_often_it_is_used()
    {
        await StartAsync(_registry, "s2", lifetime: TimeSpan.FromMinutes(90));
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(40));
            if (await _registry.GetAsync(Id("s2"), default) is { } live)
            {
                await _registry.TouchAsync(live, default);
            }
        }

        Assert.False(await _registry.IsLiveAsync(Id("s2"), default));
    }

    [Fact]
    public async Task Ending_all_of_a_users_sessions_leaves_other_users_alone()
    {
        await StartAsync(_registry, "a1", userAgent: "Chrome");
        await StartAsync(_registry, "a2", userAgent: "Safari");
        await StartAsync(_registry, "b1", subject: "bob", userAgent: "Edge");
        var alice = SessionRegistry.UserKeyOf("https://idp.example.com", "alice");

        Assert.Equal(["a2", "a1"], (await _registry.ListAsync(alice, default)).Select(s => Name(s.SessionId)).Order().Reverse());
        await _registry.EndAllAsync(alice, default);

        Assert.Empty(await _registry.ListAsync(alice, default));
        Assert.False(await _registry.IsLiveAsync(Id("a1"), default));
        Assert.True(await _registry.IsLiveAsync(Id("b1"), default));
    }

    [Fact]
    public async Task Ending_a_users_sessions_reaches_one_that_another_instance_left_out_of_the_index()
    {
        var registry = Registry(_losing = new IndexLosingStore(NewStore()));
        await StartAsync(registry, "kept", userAgent: null);
        await StartAsync(registry, "lost", userAgent: null);
        _time.Advance(TimeSpan.FromSeconds(1));

        await registry.EndAllAsync(SessionRegistry.UserKeyOf("https://idp.example.com", "alice"), default);
        Assert.False(await registry.IsLiveAsync(Id("lost"), default));
        Assert.False(await registry.IsLiveAsync(Id("kept"), default));

        _time.Advance(TimeSpan.FromSeconds(1));
        await StartAsync(registry, "after", userAgent: null);
        Assert.True(await registry.IsLiveAsync(Id("after"), default));
    }

    [Fact]
    public async Task Ending_a_provider_session_reaches_one_that_another_instance_left_out_of_the_index()
    {
        var registry = Registry(_losing = new IndexLosingStore(NewStore()));
        await StartAsync(registry, "kept", sid: "op-1", userAgent: null);
        await StartAsync(registry, "lost", sid: "op-1", userAgent: null);
        await StartAsync(registry, "other", sid: "op-2", userAgent: null);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await registry.EndByProviderSessionAsync("https://idp.example.com", "op-1", default));
        Assert.False(await registry.IsLiveAsync(Id("lost"), default));
        Assert.False(await registry.IsLiveAsync(Id("kept"), default));
        Assert.True(await registry.IsLiveAsync(Id("other"), default));
    }

    [Fact]
    public async Task Ending_a_provider_session_no_session_holds_stores_nothing()
    {
        var cache = new CountingStore(NewStore());
        var registry = Registry(cache);
        await StartAsync(registry, "s", sid: "op-1", userAgent: null);
        var writes = cache.Writes;

        for (var i = 0; i < 100; i++)
        {
            Assert.False(await registry.EndByProviderSessionAsync("https://idp.example.com", "random-" + i, default));
        }

        Assert.Equal(writes, cache.Writes);
        Assert.True(await registry.IsLiveAsync(Id("s"), default));
    }

    [Fact]
    public async Task A_user_past_the_cap_loses_their_oldest_sessions_first()
    {
        var registry = Registry(NewStore(), maxSessionsPerUser: 5);
        for (var i = 0; i < 8; i++)
        {
            await StartAsync(registry, "s" + i, userAgent: null);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var alice = SessionRegistry.UserKeyOf("https://idp.example.com", "alice");
        Assert.Equal(["s7", "s6", "s5", "s4", "s3"], (await registry.ListAsync(alice, default)).Select(s => Name(s.SessionId)));
        Assert.False(await registry.IsLiveAsync(Id("s2"), default));
        Assert.False(await registry.IsLiveAsync(Id("s0"), default));
    }

    [Fact]
    public async Task Signing_in_costs_the_same_few_store_operations_however_many_sessions_the_user_has()
    {
        var cache = new CountingStore(NewStore());
        var registry = Registry(cache, maxSessionsPerUser: 1000);
        for (var i = 0; i < 1000; i++)
        {
            await StartAsync(registry, "alice-" + i, userAgent: null);
        }

        var before = cache.Operations;
        await StartAsync(registry, "bob-1", subject: "bob", userAgent: null);
        var bobs = cache.Operations - before;

        before = cache.Operations;
        await StartAsync(registry, "alice-1000", userAgent: null);
        var alices = cache.Operations - before;

        Assert.Equal(3, bobs);
        Assert.Equal(4, alices);
    }

    [Fact]
    public async Task One_users_slow_index_update_does_not_hold_up_another_users_sign_in()
    {
        var cache = new BlockingStore(NewStore());
        var registry = Registry(cache);
        await StartAsync(registry, "a1", userAgent: null);

        cache.BlockReadsOf("blazorauth:user-sessions:" + SessionRegistry.UserKeyOf("https://idp.example.com", "alice"));
        var alice = StartAsync(registry, "a2", userAgent: null);
        var bob = StartAsync(registry, "b1", subject: "bob", userAgent: null);

        Assert.Same(bob, await Task.WhenAny(bob, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.False(alice.IsCompleted);
        cache.Release();
        await alice;
        Assert.True(await registry.IsLiveAsync(Id("a2"), default));
    }

    [Fact]
    public async Task A_write_of_the_record_opens_none_of_its_sealed_secrets_again()
    {
        var protection = new UnprotectCounting(new EphemeralDataProtectionProvider());
        var registry = Registry(NewStore(), protection: protection);
        await StartAsync(registry, "s1", userAgent: null);

        var read = (await registry.GetAsync(Id("s1"), default))!;
        var claimed = (await registry.TryReplaceAsync(read, read.Stored with { Generation = read.Stored.Generation + 1 }, null, default))!;
        var renewed = (await registry.TryReplaceAsync(
            claimed, claimed.Stored with { Generation = claimed.Stored.Generation + 1 }, claimed.Secrets with { AccessToken = "at-2" }, default))!;

        Assert.Equal(1, protection.Unprotects);
        Assert.Equal("at", claimed.Secrets.AccessToken);
        Assert.Equal("at-2", renewed.Secrets.AccessToken);
        Assert.Equal("at-2", (await registry.GetAsync(Id("s1"), default))!.Secrets.AccessToken);
    }

    [Fact]
    public async Task An_unknown_session_is_not_live() => Assert.False(await _registry.IsLiveAsync(Id("never-registered"), default));

    private IAuthStore NewStore()
    {
        var store = new TempStore(_time);
        _stores.Add(store);
        return store.Store;
    }

    private SessionRegistry Registry(IAuthStore cache, int maxSessionsPerUser = 50, IDataProtectionProvider? protection = null) => new(
        cache,
        protection ?? new EphemeralDataProtectionProvider(),
        _time,
        Options.Create(new AuthOptions
        {
            SessionIdleTimeout = TimeSpan.FromHours(1), SessionLifetime = TimeSpan.FromDays(1), MaxSessionsPerUser = maxSessionsPerUser,
        }));

    /// <summary>Starts a session for the test to call <paramref name="name"/>; the registry picks its id.</summary>
    private async Task<LiveSession> StartAsync(
        SessionRegistry registry, string name, string subject = "alice", TimeSpan? lifetime = null, string? sid = null, string? userAgent = null)
    {
        _losing?.Lose(name == "lost");
        var signIn = new ProviderSignIn(
            new ProviderTokens("at", null, "rt", "openid", TimeSpan.FromMinutes(5)),
            new UserProfile(subject, "https://idp.example.com", "client", null, null, null, sid is null ? [] : [new("sid", sid)]));
        var session = await registry.StartAsync("p", signIn, _time.GetUtcNow() + (lifetime ?? TimeSpan.FromDays(1)), userAgent, default);
        _losing?.Lose(false);
        _ids[name] = session.SessionId;
        return session;
    }

    private string Id(string name) => _ids.GetValueOrDefault(name, name);

    private string Name(string id) => _ids.FirstOrDefault(e => e.Value == id).Key ?? id;
}

/// <summary>A store that forwards everything to another one; the test stores below change one thing each.</summary>
internal abstract class ForwardingStore(IAuthStore inner) : IAuthStore
{
    public bool IsAvailable => inner.IsAvailable;

    public virtual Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public virtual Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        inner.SetAsync(key, value, expiresAt, cancellationToken);

    public Task<bool> TryAddAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        inner.TryAddAsync(key, value, expiresAt, cancellationToken);

    public virtual Task RemoveAsync(string key, CancellationToken cancellationToken) => inner.RemoveAsync(key, cancellationToken);

    public virtual Task<bool> ReplaceIfEqualAsync(string key, byte[] expected, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        inner.ReplaceIfEqualAsync(key, expected, value, expiresAt, cancellationToken);

    public Task<bool> RemoveIfEqualAsync(string key, byte[] expected, CancellationToken cancellationToken) =>
        inner.RemoveIfEqualAsync(key, expected, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}

/// <summary>
/// Plays a second app instance whose concurrent index update overwrote this one's: the index writes that would
/// have added one session vanish, so the index goes on without it.
/// </summary>
internal sealed class IndexLosingStore(IAuthStore inner) : ForwardingStore(inner)
{
    private bool _losing;

    /// <summary>While set, index writes vanish: those of the session being started.</summary>
    public void Lose(bool losing) => _losing = losing;

    public override Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        _losing && key.Contains("-sessions:", StringComparison.Ordinal)
            ? Task.CompletedTask
            : base.SetAsync(key, value, expiresAt, cancellationToken);
}

internal sealed class CountingStore(IAuthStore inner) : ForwardingStore(inner)
{
    public int Operations;

    public int Writes;

    public override Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Operations);
        return base.GetAsync(key, cancellationToken);
    }

    public override Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Operations);
        Interlocked.Increment(ref Writes);
        return base.SetAsync(key, value, expiresAt, cancellationToken);
    }

    public override Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Operations);
        return base.RemoveAsync(key, cancellationToken);
    }
}

/// <summary>Holds reads of one key until released, as a slow store would for one busy user.</summary>
internal sealed class BlockingStore(IAuthStore inner) : ForwardingStore(inner)
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _blockedKey;

    public void BlockReadsOf(string key) => _blockedKey = key;

    public void Release() => _released.TrySetResult();

    public override async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (key == _blockedKey)
        {
            await _released.Task;
        }

        return await base.GetAsync(key, cancellationToken);
    }
}

/// <summary>Data Protection that counts what it is asked to open.</summary>
internal sealed class UnprotectCounting(IDataProtectionProvider inner) : IDataProtectionProvider
{
    private int _unprotects;

    public int Unprotects => _unprotects;

    public IDataProtector CreateProtector(string purpose) => new Protector(inner.CreateProtector(purpose), this);

    private sealed class Protector(IDataProtector inner, UnprotectCounting owner) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => new Protector(inner.CreateProtector(purpose), owner);

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            Interlocked.Increment(ref owner._unprotects);
            return inner.Unprotect(protectedData);
        }
    }
}
