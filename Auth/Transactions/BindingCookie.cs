using BlazorAuth.Auth.Sessions;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Auth.Transactions;

/// <summary>
/// The <c>__Host-{p}-nonce</c> cookie that binds a transaction to the browser that started it, so a state
/// (or a whole callback URL) carried to another browser is worthless.
/// </summary>
internal static class BindingCookie
{
    public static string Name(string providerId) => $"__Host-{providerId}-nonce";

    public static void Append(HttpResponse response, string providerId, string transactionId, TimeSpan lifetime) =>
        response.Cookies.Append(Name(providerId), transactionId, AuthCookies.Options(lifetime));

    public static string? Read(HttpRequest request, string providerId) => request.Cookies[Name(providerId)];

    public static void Delete(HttpResponse response, string providerId) =>
        response.Cookies.Delete(Name(providerId), AuthCookies.Options(null));
}
