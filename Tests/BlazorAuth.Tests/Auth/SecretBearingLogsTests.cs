using BlazorAuth.Auth.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Auth;

/// <summary>The held-back categories get the stricter of their floor and the configured level, never a more verbose one.</summary>
public sealed class SecretBearingLogsTests
{
    private const string Handler = "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectHandler";

    [Fact]
    public void A_category_turned_up_to_trace_is_held_back_to_its_floor()
    {
        var logger = LoggerFor("Trace");
        Assert.True(logger.IsEnabled(LogLevel.Information));
        Assert.False(logger.IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public void A_category_the_configuration_keeps_quieter_than_the_floor_stays_as_quiet()
    {
        var logger = LoggerFor("Warning");
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    private static ILogger LoggerFor(string configuredLevel)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["LogLevel:Default"] = "Information", ["LogLevel:Microsoft.AspNetCore"] = configuredLevel })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration).AddProvider(new NullProvider()).HoldBackSecretBearingLogs());
        return services.BuildServiceProvider().GetRequiredService<ILoggerFactory>().CreateLogger(Handler);
    }

    /// <summary>A provider that would write everything: what gets through is the filter rules' doing.</summary>
    private sealed class NullProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
