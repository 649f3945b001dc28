using System.Reflection;
using Xunit.Sdk;

[assembly: BlazorAuth.Tests.Support.FailOnLeakedSecrets]

namespace BlazorAuth.Tests.Support;

/// <summary>
/// After every test, scans what the running apps logged since the last scan; a secret in a line fails the test that
/// just ran, so the run's summary counts it. Test collections run side by side, so the line may come from an app of
/// another collection: the failure names the app and quotes the line.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FailOnLeakedSecretsAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest)
    {
        var leaks = ScannedAppFactory.TakeNewLeaksOfLiveApps();
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException(
                $"{leaks.Count} log line(s) carry a secret (docs/threat-model.md, case 42):\n" + string.Join("\n", leaks.Take(10)));
        }
    }
}
