using BlazorAuth.Auth;
using BlazorAuth.Auth.Endpoints;

// BlazorAuth in a host as small as bench/FrameworkOidc's: the same slim builder and the authentication middleware, the
// library's routes and nothing else, so that /auth/{p}/start is compared with the framework handler's challenge alone.
// Providers and Auth:PublicOrigin come from the environment, as for the app (bench/run.sh).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.AddBlazorAuth();

var app = builder.Build();
app.UseAuthentication();
app.MapBlazorAuth();
app.Run();
