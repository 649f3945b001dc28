using BlazorAuth.Auth.Configuration;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth.Sessions;

public sealed class RefreshSingleFlightTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TempStore _store;
    private readonly RefreshSingleFlight _flight;
    private int _calls;

    public RefreshSingleFlightTests()
    {
        _store = new TempStore(_time);
        _flight = Instance(_store, _time);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Refreshes_of_one_session_on_two_instances_make_one_provider_call_and_both_get_its_rotation()
    {
        // Two instances sharing one store (and one key ring), on real time: the second waits for the first's lock.
        using var shared = new TempStore();
        var keys = new EphemeralDataProtectionProvider();
        var a = Instance(shared, TimeProvider.System, keys);
        var b = Instance(shared, TimeProvider.System, keys);
        var release = new TaskCompletionSource();
        var first = a.RunAsync(Session("rt-1"), async () => { await release.Task; return Rotated("rt-2"); }, default);
        await Task.Delay(100);
        var second = b.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-3")), default);

        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        release.SetResult();
        Assert.Equal("rt-2", (await first).Tokens.RefreshToken);
        Assert.Equal("rt-2", (await second.WaitAsync(TimeSpan.FromSeconds(10))).Tokens.RefreshToken);
        Assert.Equal(1, _calls);

        // A copy of the old cookie arriving later, on either instance, learns only that the session rotated.
        var late = await Assert.ThrowsAsync<AuthFlowException>(() => b.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-4")), default));
        Assert.Equal(AuthError.SessionRotated, late.Error);
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task Refreshes_of_one_session_run_one_at_a_time_and_share_a_rotation()
    {
        var release = new TaskCompletionSource();
        var first = _flight.RunAsync(Session("rt-1"), async () => { await release.Task; return Rotated("rt-2"); }, default);
        var second = _flight.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-3")), default);

        Assert.False(second.IsCompleted);
        release.SetResult();
        Assert.Equal("rt-2", (await first).Tokens.RefreshToken);
        Assert.Equal("rt-2", (await second).Tokens.RefreshToken);
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task Once_a_rotation_was_received_the_old_token_gets_no_result_only_word_that_it_rotated()
    {
        await _flight.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-2")), default);
        var stale = await Assert.ThrowsAsync<AuthFlowException>(() => _flight.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-3")), default));
        Assert.Equal(AuthError.SessionRotated, stale.Error);
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task A_rotation_nobody_received_goes_to_the_next_request_with_that_token_once()
    {
        var release = new TaskCompletionSource();
        using var abandoned = new CancellationTokenSource();
        var first = _flight.RunAsync(Session("rt-1"), async () => { await release.Task; return Rotated("rt-2"); }, abandoned.Token);
        await abandoned.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(TimeSpan.FromSeconds(10)));
        release.SetResult();

        // Whether it joins the flight as it settles or comes just after, the reloaded page gets the rotated session.
        var reloaded = await _flight.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-3")), default);
        Assert.Equal("rt-2", reloaded.Tokens.RefreshToken);
        var copy = await Assert.ThrowsAsync<AuthFlowException>(() => _flight.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-4")), default));
        Assert.Equal(AuthError.SessionRotated, copy.Error);
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task After_the_grace_window_a_stale_token_is_refreshed_again()
    {
        await _flight.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-2")), default);
        _time.Advance(RefreshSingleFlight.Grace + TimeSpan.FromSeconds(1));
        var late = await _flight.RunAsync(Session("rt-1"), () => Task.FromResult(Rotated("rt-9")), default);
        Assert.Equal("rt-9", late.Tokens.RefreshToken);
        Assert.Equal(2, _calls);
    }

    private static RefreshSingleFlight Instance(TempStore store, TimeProvider time, IDataProtectionProvider? keys = null) =>
        new(store.Store, keys ?? new EphemeralDataProtectionProvider(), time, Options.Create(new AuthOptions()));

    private ProviderSignIn Rotated(string refreshToken)
    {
        Interlocked.Increment(ref _calls);
        return new ProviderSignIn(new ProviderTokens("at", null, refreshToken, "openid", null), Profile);
    }

    private static readonly UserProfile Profile = new("sub", "https://idp.example.com", "client", null, null, null, []);

    private static SessionRecord Session(string refreshToken) =>
        new("p", "session-1", refreshToken, false, "openid", Profile, DateTimeOffset.UtcNow.AddDays(1), null);
}
