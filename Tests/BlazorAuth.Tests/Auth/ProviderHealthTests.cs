using BlazorAuth.Auth.Diagnostics;
using BlazorAuth.Auth.Errors;
using BlazorAuth.Auth.Providers;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Auth;

public sealed class ProviderHealthTests
{
    [Fact]
    public async Task A_sign_in_or_refresh_that_went_through_is_proof_the_provider_answers_at_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var diagnostics = new SignInDiagnostics(time, new AuthTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        var health = new ProviderHealth(null!, diagnostics, time);
        var provider = new Unreachable();

        Assert.False((await health.CheckAsync(provider, default)).Answers);

        time.Advance(TimeSpan.FromSeconds(5));
        diagnostics.Succeeded(provider.Id);
        Assert.True((await health.CheckAsync(provider, default)).Answers);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False((await health.CheckAsync(provider, default)).Answers);
        diagnostics.Answered(provider.Id);
        Assert.True((await health.CheckAsync(provider, default)).Answers);
    }

    /// <summary>A provider whose probe always fails, as while it is down.</summary>
    private sealed class Unreachable : IAuthorizationCodeSignIn
    {
        public string Id => "down";

        public string DisplayName => "Down";

        public string Type => "oidc";

        public ValueTask<AuthorizeTarget> GetAuthorizeTargetAsync(CancellationToken cancellationToken) =>
            throw new AuthFlowException(AuthError.ProviderUnavailable);

        public Task<ProviderSignIn> ExchangeCodeAsync(CodeExchange exchange, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
