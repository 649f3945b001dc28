namespace BlazorAuth.Components.Auth;

/// <summary>Times as people read them: how long ago or from now, and the date and time where they are.</summary>
internal static class PeopleTime
{
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        var future = span < TimeSpan.Zero;
        var length = future ? -span : span;
        var words = length switch
        {
            { TotalSeconds: < 45 } => null,
            { TotalMinutes: < 90 } => Count((int)Math.Round(length.TotalMinutes), "minute"),
            { TotalHours: < 36 } => Count((int)Math.Round(length.TotalHours), "hour"),
            _ => Count((int)Math.Round(length.TotalDays), "day"),
        };
        return words is null ? "just now" : future ? $"in {words}" : $"{words} ago";
    }

    /// <summary>The local date and time in <paramref name="zone"/>; in UTC, and saying so, until the browser has told its zone.</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo? zone) => zone is null
        ? at.UtcDateTime.ToString("d MMM yyyy, HH:mm") + " UTC"
        : TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM yyyy, HH:mm");

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
