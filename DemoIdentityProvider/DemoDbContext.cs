using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.DemoIdentityProvider;

/// <summary>OpenIddict's applications, authorizations, scopes and tokens, in an in-memory SQLite database.</summary>
public sealed class DemoDbContext(DbContextOptions<DemoDbContext> options) : DbContext(options);
