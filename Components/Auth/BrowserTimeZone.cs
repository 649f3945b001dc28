using Microsoft.JSInterop;

namespace BlazorAuth.Components.Auth;

/// <summary>The browser's time zone, asked once per circuit; null while prerendering or when the browser names none this server knows.</summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private Task<TimeZoneInfo?>? _zone;

    /// <summary>Call after the first render: before it, there is no browser to ask.</summary>
    public Task<TimeZoneInfo?> GetAsync() => _zone ??= AskAsync();

    private async Task<TimeZoneInfo?> AskAsync()
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./locale.js");
            // What the browser relays is only a name to look up: the framework refuses anything shaped like a path
            // (BrowserTimeZoneTests), and no zone's name is longer than this.
            var name = await module.InvokeAsync<string?>("timeZone");
            return name is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;
        }
        catch (JSException)
        {
            return null;
        }
        catch (JSDisconnectedException)
        {
            return null;
        }
    }
}
