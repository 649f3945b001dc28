using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Bench;

/// <summary>
/// An OpenID Connect provider answered in memory, so a benchmark measures the app's own work: the id_token is
/// signed once up front, and every token request gets the same well-formed answer.
/// </summary>
public sealed class StubProvider : HttpMessageHandler
{
    public const string Issuer = "https://idp.bench.example";
    public const string ClientId = "bench-client";

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "bench" };
    private readonly byte[] _discovery;
    private readonly byte[] _jwks;
    private readonly byte[] _token;

    /// <param name="expiresIn">The access token's life in seconds; 0 makes every /refresh renew.</param>
    public StubProvider(int expiresIn = 3600)
    {
        _discovery = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["authorization_response_iss_parameter_supported"] = true,
        });
        var parameters = _key.Rsa.ExportParameters(false);
        _jwks = JsonSerializer.SerializeToUtf8Bytes(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = WebEncoders.Base64UrlEncode(parameters.Modulus!), e = WebEncoders.Base64UrlEncode(parameters.Exponent!) } },
        });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var idToken = new JsonWebTokenHandler().CreateToken(
            JsonSerializer.Serialize(new { iss = Issuer, sub = "bench-user", aud = ClientId, iat = now, exp = now + 86_400, name = "Bench User", email = "bench@example.test" }),
            new SigningCredentials(_key, SecurityAlgorithms.RsaSha256));
        _token = JsonSerializer.SerializeToUtf8Bytes(new
        {
            access_token = "bench-access-token",
            token_type = "Bearer",
            expires_in = expiresIn,
            refresh_token = "bench-session",
            id_token = idToken,
            scope = "openid profile email offline_access",
        });
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.RequestUri!.AbsolutePath switch
        {
            "/.well-known/openid-configuration" => _discovery,
            "/jwks" => _jwks,
            "/token" => _token,
            _ => null,
        };
        var response = body is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return Task.FromResult(response);
    }
}
