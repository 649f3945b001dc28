using BlazorAuth.Auth.Protection;

namespace BlazorAuth.Auth.DemoProvider;

/// <summary>A fresh client secret each run: both sides live in this process, so it never needs to be written down.</summary>
public sealed class DemoClientSecret
{
    public string Value { get; } = RandomIds.New();
}
