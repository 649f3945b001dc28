using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BlazorAuth.Auth.Tokens;

/// <summary>
/// The services of the circuit whose event is running now, for code that runs in another DI scope on its behalf
/// (<see cref="UserAccessTokenHandler"/>): set around each inbound activity of the circuit (an event, a render, a JS call).
/// </summary>
internal sealed class CircuitServices(IServiceProvider services) : CircuitHandler
{
    private static readonly AsyncLocal<IServiceProvider?> Running = new();

    public static IServiceProvider? Current => Running.Value;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            Running.Value = services;
            try
            {
                await next(context);
            }
            finally
            {
                Running.Value = null;
            }
        };
}
