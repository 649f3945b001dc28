using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Auth.Providers.Schemes;

/// <summary>
/// A scheme's current options, whatever its handler's options type, for renewing and ending its sessions with the
/// handler's own configuration (its metadata, its token validation).
/// </summary>
internal sealed class SchemeOptionsResolver(IAuthenticationSchemeProvider schemes, IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, Func<RemoteAuthenticationOptions>> _readers = new(StringComparer.Ordinal);

    public async ValueTask<RemoteAuthenticationOptions> GetAsync(string scheme)
    {
        if (!_readers.TryGetValue(scheme, out var read))
        {
            var handlerType = (await schemes.GetSchemeAsync(scheme))?.HandlerType
                ?? throw new InvalidOperationException($"No authentication scheme '{scheme}' is registered.");
            var optionsType = OptionsTypeOf(handlerType)
                ?? throw new InvalidOperationException($"The authentication scheme '{scheme}' is not a remote authentication scheme.");
            read = (Func<RemoteAuthenticationOptions>)typeof(SchemeOptionsResolver).GetMethod(nameof(Reader), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(optionsType)
                .Invoke(this, [scheme])!;
            _readers[scheme] = read;
        }

        return read();
    }

    /// <summary>The options type of a handler deriving from <see cref="RemoteAuthenticationHandler{TOptions}"/>.</summary>
    public static Type? OptionsTypeOf(Type handlerType)
    {
        for (var type = handlerType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RemoteAuthenticationHandler<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private Func<RemoteAuthenticationOptions> Reader<TOptions>(string scheme) where TOptions : RemoteAuthenticationOptions
    {
        var monitor = services.GetRequiredService<IOptionsMonitor<TOptions>>();
        return () => monitor.Get(scheme);
    }
}
