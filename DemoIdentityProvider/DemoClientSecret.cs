
namespace BlazorAuth.DemoIdentityProvider;

/// <summary>
/// The demo provider's client secret: fresh each run when both sides live in this process (the provider's database
/// is updated with it at start-up), or <c>DemoIdentityProvider:ClientSecret</c> when app instances elsewhere use
/// this process's demo provider.
/// </summary>
public sealed class DemoClientSecret(string value)
{
    public DemoClientSecret()
        : this(DemoIds.New())
    {
    }

    public string Value { get; } = value;
}
