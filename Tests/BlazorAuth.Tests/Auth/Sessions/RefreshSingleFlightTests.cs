using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth.Sessions;

public sealed class RefreshSingleFlightTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RefreshSingleFlight _flight;
    private int _calls;

    public RefreshSingleFlightTests() => _flight = new RefreshSingleFlight(new MemoryCache(new MemoryCacheOptions()), _time);

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

    private ProviderSignIn Rotated(string refreshToken)
    {
        Interlocked.Increment(ref _calls);
        return new ProviderSignIn(new ProviderTokens("at", null, refreshToken, "openid", null), Profile);
    }

    private static readonly UserProfile Profile = new("sub", "https://idp.example.com", "client", null, null, null, []);

    private static SessionRecord Session(string refreshToken) =>
        new("p", "session-1", refreshToken, false, "openid", Profile, DateTimeOffset.UtcNow.AddDays(1), null);
}
