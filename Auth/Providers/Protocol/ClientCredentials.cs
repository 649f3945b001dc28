using System.Net.Http.Headers;
using System.Text;

namespace BlazorAuth.Auth.Providers.Protocol;

/// <summary>A confidential client's id and secret, and how the token endpoint wants them.</summary>
public sealed record ClientCredentials(string ClientId, string? ClientSecret, bool UseBasic)
{
    /// <summary>RFC 6749 §2.3.1: Basic credentials are the form-urlencoded id and secret.</summary>
    public void Apply(HttpRequestMessage request, List<KeyValuePair<string, string>> form)
    {
        if (ClientSecret is null)
        {
            form.Add(new("client_id", ClientId));
            return;
        }

        if (UseBasic)
        {
            var raw = $"{Uri.EscapeDataString(ClientId)}:{Uri.EscapeDataString(ClientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        else
        {
            form.Add(new("client_id", ClientId));
            form.Add(new("client_secret", ClientSecret));
        }
    }
}
