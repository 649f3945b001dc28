namespace BlazorAuth.Auth.Circuit;

/// <summary>Something the user should know about their sign-in, in words for people.</summary>
/// <param name="Message">One sentence, naming the provider; no protocol codes.</param>
/// <param name="Detail">The technical detail (error name, the provider's own words), for an expander; null when there is none.</param>
/// <param name="RetryWith">The provider to offer "Try again" with; null when trying again cannot help.</param>
/// <param name="IsNotice">News rather than a failure: a sign-out elsewhere, a confirmed sign-out everywhere.</param>
public sealed record SignInProblem(string Message, string? Detail = null, string? RetryWith = null, bool IsNotice = false);
