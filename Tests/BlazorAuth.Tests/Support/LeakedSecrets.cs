using System.Text.RegularExpressions;

namespace BlazorAuth.Tests.Support;

/// <summary>What must never be in a log line (docs/threat-model.md, case 42), by shape and by the test doubles' known values.</summary>
public static partial class LeakedSecrets
{
    private static readonly string[] KnownSecrets = [FakeOidcProvider.ClientSecret, FakeCentralAuth.ClientSecret, FakeGitHub.ClientSecret];

    /// <summary>Each offending line, cut short, with the kind of secret it carries.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> lines, IEnumerable<string> moreSecrets)
    {
        var secrets = moreSecrets.Where(s => s.Length > 0).ToArray();
        var leaks = new List<string>();
        foreach (var line in lines)
        {
            if (KindIn(line, secrets) is { } kind)
            {
                leaks.Add($"[{kind}] {line[..Math.Min(line.Length, 400)]}");
            }
        }

        return leaks;
    }

    public static string? KindIn(string line, IReadOnlyCollection<string> secrets)
    {
        if (QueryParameter().IsMatch(line))
        {
            return "code= or state=";
        }

        if (BasicCredentials().IsMatch(line))
        {
            return "Basic credentials";
        }

        if (JsonWebToken().IsMatch(line))
        {
            return "JWT or JWE";
        }

        if (DataProtectionPayload().IsMatch(line))
        {
            return "Data Protection payload";
        }

        if (IssuedByTestDouble().IsMatch(line))
        {
            return "code or token of a test double";
        }

        return KnownSecrets.Concat(secrets).Any(secret => line.Contains(secret, StringComparison.Ordinal)) ? "known secret" : null;
    }

    [GeneratedRegex(@"\b(code|state)=")]
    private static partial Regex QueryParameter();

    [GeneratedRegex(@"Basic [A-Za-z0-9+/]{8,}")]
    private static partial Regex BasicCredentials();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.")]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"CfDJ8[A-Za-z0-9_-]{16,}")]
    private static partial Regex DataProtectionPayload();

    /// <summary>The fakes issue codes and tokens as 32 hex digits, some behind a prefix (<c>at-</c>, <c>rt-</c>, <c>gho_</c>).</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])")]
    private static partial Regex IssuedByTestDouble();
}
