using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Support;

/// <summary>A quiet Kestrel app on a free loopback port: the shape of every fake server in these tests.</summary>
internal static class LoopbackServer
{
    public static WebApplication Create(out string url)
    {
        url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}
