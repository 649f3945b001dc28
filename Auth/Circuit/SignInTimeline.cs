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
}

public sealed record TimelineStep(string Name, TimeSpan At, TimeSpan Took);
