using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth.Sessions;

public sealed class SessionRegistryTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly SessionRegistry _registry;

    public SessionRegistryTests() => _registry = new SessionRegistry(
        new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())),
        _time,
        Options.Create(new AuthOptions { SessionIdleTimeout = TimeSpan.FromHours(1), SessionLifetime = TimeSpan.FromDays(1) }));

    [Fact]
    public async Task A_registered_session_is_live_and_touching_it_keeps_it_from_idling_out()
    {
        await _registry.RegisterAsync(Record("s1"), "Firefox", default);
        Assert.True(await _registry.IsLiveAsync("s1", default));

        _time.Advance(TimeSpan.FromMinutes(50));
        Assert.True(await _registry.TouchAsync("s1", default));
        _time.Advance(TimeSpan.FromMinutes(50));
        Assert.True(await _registry.IsLiveAsync("s1", default));

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.False(await _registry.IsLiveAsync("s1", default));
        Assert.False(await _registry.TouchAsync("s1", default));
    }

    [Fact]
    public async Task A_session_ends_at_its_absolute_expiry_however_often_it_is_used()
    {
        await _registry.RegisterAsync(Record("s2", lifetime: TimeSpan.FromMinutes(90)), null, default);
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(40));
            await _registry.TouchAsync("s2", default);
        }

        Assert.False(await _registry.IsLiveAsync("s2", default));
    }

    [Fact]
    public async Task Ending_all_of_a_users_sessions_leaves_other_users_alone()
    {
        await _registry.RegisterAsync(Record("a1"), "Chrome", default);
        await _registry.RegisterAsync(Record("a2"), "Safari", default);
        await _registry.RegisterAsync(Record("b1", subject: "bob"), "Edge", default);
        var alice = SessionRegistry.UserKeyOf("https://idp.example.com", "alice");

        Assert.Equal(["a2", "a1"], (await _registry.ListAsync(alice, default)).Select(s => s.SessionId).Order().Reverse());
        await _registry.EndAllAsync(alice, default);

        Assert.Empty(await _registry.ListAsync(alice, default));
        Assert.False(await _registry.IsLiveAsync("a1", default));
        Assert.True(await _registry.IsLiveAsync("b1", default));
    }

    [Fact]
    public async Task Ending_a_users_sessions_reaches_one_that_another_instance_left_out_of_the_index()
    {
        var registry = RegistryLosingWritesTo("blazorauth:user:");
        await registry.RegisterAsync(Record("lost"), null, default);
        _time.Advance(TimeSpan.FromSeconds(1));

        await registry.EndAllAsync(SessionRegistry.UserKeyOf("https://idp.example.com", "alice"), default);
        Assert.False(await registry.IsLiveAsync("lost", default));

        _time.Advance(TimeSpan.FromSeconds(1));
        await registry.RegisterAsync(Record("after"), null, default);
        Assert.True(await registry.IsLiveAsync("after", default));
    }

    [Fact]
    public async Task Ending_a_provider_session_reaches_one_that_another_instance_left_out_of_the_index()
    {
        var registry = RegistryLosingWritesTo("blazorauth:provider-session:");
        await registry.RegisterAsync(Record("lost", sid: "op-1"), null, default);
        await registry.RegisterAsync(Record("other", sid: "op-2"), null, default);
        _time.Advance(TimeSpan.FromSeconds(1));

        await registry.EndByProviderSessionAsync("https://idp.example.com", "op-1", default);
        Assert.False(await registry.IsLiveAsync("lost", default));
        Assert.True(await registry.IsLiveAsync("other", default));
    }

    [Fact]
    public async Task An_unknown_session_is_not_live() => Assert.False(await _registry.IsLiveAsync("never-registered", default));

    /// <summary>Plays a second app instance whose concurrent index update overwrote this one's: index writes vanish.</summary>
    private SessionRegistry RegistryLosingWritesTo(string keyPrefix) => new(
        new IndexLosingCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), keyPrefix),
        _time,
        Options.Create(new AuthOptions { SessionIdleTimeout = TimeSpan.FromHours(1), SessionLifetime = TimeSpan.FromDays(1) }));

    private SessionRecord Record(string id, string subject = "alice", TimeSpan? lifetime = null, string? sid = null) => new(
        "p", id, "rt", false, "openid",
        new UserProfile(subject, "https://idp.example.com", "client", null, null, null, sid is null ? [] : [new("sid", sid)]),
        _time.GetUtcNow() + (lifetime ?? TimeSpan.FromDays(1)),
        null);
}

internal sealed class IndexLosingCache(IDistributedCache inner, string keyPrefix) : IDistributedCache
{
    public byte[]? Get(string key) => inner.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (!key.StartsWith(keyPrefix, StringComparison.Ordinal))
        {
            inner.Set(key, value, options);
        }
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        key.StartsWith(keyPrefix, StringComparison.Ordinal) ? Task.CompletedTask : inner.SetAsync(key, value, options, token);

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

    public void Remove(string key) => inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);
}
