using System.Net.Http.Headers;
using System.Text;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>A confidential client's id and secret, and how the token endpoint wants them.</summary>
internal sealed record ClientCredentials(string ClientId, string? ClientSecret, bool UseBasic)
{
    public const string Basic = "client_secret_basic";
    public const string Post = "client_secret_post";

    /// <summary>
    /// The configured method, else basic unless the provider offers only post (RFC 8414
    /// <c>token_endpoint_auth_methods_supported</c>).
    /// </summary>
    public static ClientCredentials For(string clientId, string? clientSecret, string? configuredMethod, ICollection<string>? offered)
    {
        var method = configuredMethod
            ?? (offered is { Count: > 0 } && !offered.Contains(Basic) && offered.Contains(Post) ? Post : Basic);
        return new ClientCredentials(clientId, clientSecret, UseBasic: method == Basic);
    }

    /// <summary>
    /// RFC 6749 §2.3.1: Basic credentials are the form-urlencoded id and secret. <c>client_id</c> goes in the body
    /// with Basic too: some providers require it there, the others accept it when it names the same client, and it
    /// is not a credential.
    /// </summary>
    public void Apply(HttpRequestMessage request, List<KeyValuePair<string, string>> form)
    {
        form.Add(new("client_id", ClientId));
        if (ClientSecret is null)
        {
            return;
        }

        if (UseBasic)
        {
            request.Headers.Authorization = BasicHeader(ClientId, ClientSecret, formEncoded: true);
        }
        else
        {
            form.Add(new("client_secret", ClientSecret));
        }
    }

    /// <summary>
    /// HTTP Basic credentials. RFC 6749 §2.3.1 has a token endpoint's id and secret form-urlencoded first
    /// (<paramref name="formEncoded"/>); an API that defines Basic on its own terms (CentralAuth's) takes them as they are.
    /// </summary>
    public static AuthenticationHeaderValue BasicHeader(string clientId, string clientSecret, bool formEncoded)
    {
        var raw = formEncoded ? $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}" : $"{clientId}:{clientSecret}";
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
    }
}
