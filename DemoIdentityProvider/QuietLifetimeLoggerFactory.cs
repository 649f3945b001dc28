using Microsoft.Extensions.Logging;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>
/// The app's logging for the demo provider's own host, without that host's "Now listening on" and "Application started"
/// lines: printed first, they sent newcomers to the identity provider instead of the app. Its warnings still show.
/// </summary>
internal sealed class QuietLifetimeLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string LifetimeCategory = "Microsoft.Hosting.Lifetime";

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(LifetimeCategory, StringComparison.Ordinal) ? new WarningsOnly(inner.CreateLogger(categoryName)) : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The app's factory outlives this host, which only borrows it.
    public void Dispose()
    {
    }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
