using System.Security.Cryptography;
using System.Text;

namespace BlazorAuth.DemoIdentityProvider;

/// <param name="Roles">What the provider says the user may do, in the <c>role</c> claim: apps authorize on them.</param>
public sealed record DemoUser(string Id, string UserName, string Password, string Name, string Email, string Color, IReadOnlyList<string> Roles);

/// <summary>The demo provider's seeded accounts; their passwords are shown on its login page on purpose.</summary>
public static class DemoUsers
{
    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("7f3c1a52-alice", "alice", "wonderland", "Alice Liddell", "alice@example.test", "#6a1b9a", ["editor"]),
        new("0b9d44e1-bob", "bob", "builder", "Bob Builder", "bob@example.test", "#00695c", ["viewer"]),
    ];

    public static DemoUser? FindById(string? id) => All.FirstOrDefault(u => u.Id == id);

    public static DemoUser? Authenticate(string? userName, string? password)
    {
        var user = All.FirstOrDefault(u => string.Equals(u.UserName, userName?.Trim(), StringComparison.OrdinalIgnoreCase));
        return user is not null && password is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Password), Encoding.UTF8.GetBytes(password))
            ? user
            : null;
    }
}
