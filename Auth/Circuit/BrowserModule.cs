using Microsoft.JSInterop;

namespace BlazorAuth.Auth.Circuit;

/// <summary>
/// The browser's side of the sign-in (<c>blazorauth.js</c>) as the circuit sees it: imported once, attached to a
/// receiver of its reports, and asked to call the routes with the browser's cookies. A call that fails in the browser
/// answers null; <see cref="JSDisconnectedException"/> (the browser is gone) passes through.
/// </summary>
internal sealed class BrowserModule(IJSRuntime js) : IAsyncDisposable
{
    public const string Path = "./_content/BlazorAuth.Auth/blazorauth.js";

    private IJSObjectReference? _module;
    private IDisposable? _receiver;

    public bool IsAttached => _module is not null;

    /// <summary>Imports the module and has it report to <paramref name="receiver"/> (its <c>[JSInvokable]</c> methods).</summary>
    public async Task AttachAsync<TReceiver>(TReceiver receiver, TimeSpan popupTimeout, string routePrefix) where TReceiver : class
    {
        var reference = DotNetObjectReference.Create(receiver);
        _receiver = reference;
        _module = await js.InvokeAsync<IJSObjectReference>("import", Path);
        await _module.InvokeVoidAsync("attach", reference, new { popupTimeoutMs = (int)popupTimeout.TotalMilliseconds, routePrefix });
    }

    /// <summary>POST /refresh with the browser's session cookie.</summary>
    public Task<RefreshResult?> RefreshAsync(string providerId) => CallAsync<RefreshResult>("refresh", providerId);

    /// <summary>A hidden frame's <c>prompt=none</c> sign-in: the frame page's message as JSON, or null.</summary>
    public Task<string?> RenewSilentlyAsync(string providerId) => CallAsync<string>("renewSilently", providerId);

    /// <summary>Sends this tab through the redirect flow, and remembers the choice for the tab's session.</summary>
    public async Task ContinueInThisTabAsync(string providerId)
    {
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("continueInThisTab", providerId);
        }
    }

    /// <summary>POST /logout, then the provider's end-session page in the sign-out popup the click opened.</summary>
    public Task<LogoutResult?> LogoutAsync(string providerId) => CallAsync<LogoutResult>("logout", providerId);

    private async Task<T?> CallAsync<T>(string function, string providerId) where T : class
    {
        if (_module is null)
        {
            return null;
        }

        try
        {
            return await _module.InvokeAsync<T?>(function, providerId);
        }
        catch (JSException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach");
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone with its browser; there is nothing left to detach.
            }
        }

        _receiver?.Dispose();
    }
}
