namespace BlazorAuth.Auth.Circuit;

/// <summary>One sign-in as it happened, step by step, for the providers page.</summary>
public sealed class SignInTimeline(string providerId)
{
    private readonly List<TimelineStep> _steps = [new("Popup opened", TimeSpan.Zero, TimeSpan.Zero)];

    public string ProviderId { get; } = providerId;

    public IReadOnlyList<TimelineStep> Steps => _steps;

    /// <summary>Adds a step that ended <paramref name="at"/> after the click and took <paramref name="took"/>.</summary>
    public void Add(string name, TimeSpan at, TimeSpan took) => _steps.Add(new TimelineStep(name, at, took));

    public TimeSpan End => _steps[^1].At;

    /// <summary>
    /// The steps of a sign-in just finished, added to <paramref name="started"/> when it is this provider's. The server's
    /// timings ride in the relayed message, so they are only as good as the browser is honest; shown, never acted on.
    /// </summary>
    internal static SignInTimeline Record(
        SignInTimeline? started, string providerId, (long ProviderMs, long ExchangeMs)? timing, TimeSpan messageAt, TimeSpan redeemTook)
    {
        var timeline = started is { ProviderId: var id } && id == providerId ? started : new SignInTimeline(providerId);
        if (timing is { } server)
        {
            var atProvider = TimeSpan.FromMilliseconds(server.ProviderMs);
            var exchange = TimeSpan.FromMilliseconds(server.ExchangeMs);
            timeline.Add("At the provider", atProvider, atProvider);
            timeline.Add("Callback: code exchange and token checks", atProvider + exchange, exchange);
        }

        timeline.Add("Message posted to the page", messageAt, messageAt > timeline.End ? messageAt - timeline.End : TimeSpan.Zero);
        timeline.Add("Circuit redeemed the session ticket", messageAt + redeemTook, redeemTook);
        return timeline;
    }
}

public sealed record TimelineStep(string Name, TimeSpan At, TimeSpan Took);
