using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// A scriptable OpenID Connect provider on real Kestrel, for the faults a real server will not produce on
/// demand: a token endpoint that hangs, answers garbage, or id_tokens that are wrong in one precise way.
/// It logs every token, userinfo and revocation call, so tests can assert nothing reached it.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "fake-client";
    public const string ClientSecret = "fake-client-secret-long-enough-for-hs256-0123456789";
    public const string Subject = "user-1";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new();
    private readonly ConcurrentDictionary<string, string> _nonceOfCode = new();

    public FakeOidcProvider()
    {
        SigningKey = NewKey("k1");
        _published = [SigningKey];
        _app = LoopbackServer.Create(out var url);
        Issuer = url;
        _app.MapGet("/.well-known/openid-configuration", async (HttpContext context) =>
        {
            if (HangMetadata)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            return Results.Json(Discovery());
        });
        _app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref _jwksRequests);
            return Results.Text(Jwks(), "application/json");
        });
        _app.MapPost("/token", async context => await TokenAsync(context));

        // For the browser: a user who is signed in and always consents, so the popup comes straight back; with
        // prompt=none, only while the provider's own session lasts.
        _app.MapGet("/authorize", async (HttpContext context) =>
        {
            var query = context.Request.Query;
            AuthorizePrompts.Enqueue(query["prompt"].ToString());
            if (HangAuthorize)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            if (AuthorizeStatus is { } status)
            {
                return Results.StatusCode(status);
            }

            var back = $"{query["redirect_uri"]}?state={Uri.EscapeDataString(query["state"].ToString())}&iss={Uri.EscapeDataString(Issuer)}";
            if (query["prompt"] == "none" && !SessionAtProvider)
            {
                return Results.Redirect(back + "&error=login_required");
            }

            // Each code remembers its own request's nonce: pages of earlier tests may still be renewing meanwhile.
            var code = Guid.NewGuid().ToString("N");
            _nonceOfCode[code] = query["nonce"].ToString();
            return Results.Redirect(back + "&code=" + code);
        });
        _app.MapGet("/userinfo", context => UserInfoAsync(context));
        _app.MapPost("/revoke", async context =>
        {
            Revocations.Add((await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString()));
        });
    }

    public string Issuer { get; }

    public RsaSecurityKey SigningKey { get; private set; }

    private IReadOnlyList<RsaSecurityKey> _published;
    private int _jwksRequests;

    /// <summary>How often the key set was fetched.</summary>
    public int JwksRequests => _jwksRequests;

    /// <summary>Signs with a new key from now on, published at once; the old key stays published only if asked.</summary>
    public void RotateKey(string kid, bool keepOld)
    {
        var old = SigningKey;
        SigningKey = NewKey(kid);
        _published = keepOld ? [old, SigningKey] : [SigningKey];
    }

    public bool IssParameterSupported { get; set; } = true;

    /// <summary>Whether the browser's session at this provider lasts, so that a prompt=none request is answered with a code.</summary>
    public bool SessionAtProvider { get; set; } = true;

    /// <summary>The prompt of every authorize request the browser made ("" for none).</summary>
    public ConcurrentQueue<string> AuthorizePrompts { get; } = new();

    /// <summary>Plays a provider that wants <c>client_id</c> in the token request's body even with Basic authentication.</summary>
    public bool RequireClientIdInBody { get; set; }

    /// <summary>Plays a provider whose sign-in page fails with this status (a 503 while it is down).</summary>
    public int? AuthorizeStatus { get; set; }

    /// <summary>Plays a provider whose sign-in page accepts the connection and never answers.</summary>
    public bool HangAuthorize { get; set; }

    /// <summary>Plays a provider that accepts the connection and never answers its discovery document.</summary>
    public bool HangMetadata { get; set; }

    public string? EndSessionEndpoint { get; set; }

    /// <summary>Replaces the token endpoint's answer; the call is still logged.</summary>
    public Func<HttpContext, Task>? TokenOverride { get; set; }

    /// <summary>Makes the token endpoint answer exactly this, whatever it is asked.</summary>
    public void AnswerTokenRequests(int status, string contentType = "application/json", string body = "") =>
        TokenOverride = async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };

    /// <summary>Changes the claims of the next id_tokens (after the defaults are set).</summary>
    public Action<Dictionary<string, object>>? IdTokenClaims { get; set; }

    /// <summary>Awaited once a token request has been honoured (a refresh token spent), before the answer goes out.</summary>
    public Func<Task>? HoldTokenAnswer { get; set; }

    /// <summary>Turns the payload into the id_token; default: RS256 with <see cref="SigningKey"/>.</summary>
    public Func<Dictionary<string, object>, string>? IdTokenSigner { get; set; }

    /// <summary>The nonce to put in the next id_token (the app's, read from the authorize URL).</summary>
    public string? Nonce { get; set; }

    public string UserInfoSubject { get; set; } = Subject;

    /// <summary>Changes the claims userinfo answers (after the defaults are set).</summary>
    public Action<Dictionary<string, object>>? UserInfoClaims { get; set; }

    /// <summary>The expires_in of the access tokens it issues.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether token answers carry a refresh token; without one the app keeps the access token.</summary>
    public bool IssueRefreshTokens { get; set; } = true;

    /// <summary>Set to 401 to play a provider that no longer honours the access token.</summary>
    public int UserInfoStatus { get; set; } = 200;

    public ConcurrentBag<Dictionary<string, string>> TokenRequests { get; } = [];

    public ConcurrentBag<Dictionary<string, string>> Revocations { get; } = [];

    public ConcurrentBag<string> UserInfoCalls { get; } = [];

    public int TokenCalls => TokenRequests.Count;

    /// <summary>Forgets every logged call, so no test reads what an earlier one left.</summary>
    public void ResetLogs()
    {
        TokenRequests.Clear();
        Revocations.Clear();
        UserInfoCalls.Clear();
    }

    public Task StartAsync() => _app.StartAsync();

    public string Sign(Dictionary<string, object> claims, SecurityKey key, string algorithm) =>
        new JsonWebTokenHandler().CreateToken(JsonSerializer.Serialize(claims), new SigningCredentials(key, algorithm));

    public Dictionary<string, object> DefaultClaims()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = Subject,
            ["aud"] = ClientId,
            ["iat"] = now,
            ["exp"] = now + 3600,
            ["name"] = "Fake User",
            ["email"] = "fake@example.test",
            ["email_verified"] = true,
        };
        if (Nonce is not null)
        {
            claims["nonce"] = Nonce;
        }

        return claims;
    }

    public string IssueRefreshToken()
    {
        var token = "rt-" + Guid.NewGuid().ToString("N");
        _refreshTokens[token] = true;
        return token;
    }

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task TokenAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        form["authorization"] = context.Request.Headers.Authorization.ToString();
        TokenRequests.Add(form);
        if (TokenOverride is not null)
        {
            await TokenOverride(context);
            return;
        }

        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        var posted = form.GetValueOrDefault("client_id") == ClientId && form.GetValueOrDefault("client_secret") == ClientSecret;
        if (context.Request.Headers.Authorization != basic && !posted)
        {
            await Error(context, 401, "invalid_client");
            return;
        }

        // As strict servers do: a client_id in the body must name the authenticated client; some demand it there.
        if ((form.TryGetValue("client_id", out var named) && named != ClientId) || (RequireClientIdInBody && named is null))
        {
            await Error(context, 400, "invalid_request");
            return;
        }

        string? refreshToken;
        if (form.GetValueOrDefault("grant_type") == "refresh_token")
        {
            if (!_refreshTokens.TryRemove(form.GetValueOrDefault("refresh_token") ?? "", out _))
            {
                await Error(context, 400, "invalid_grant");
                return;
            }

            refreshToken = IssueRefreshToken();
        }
        else
        {
            refreshToken = IssueRefreshToken();
        }

        var claims = DefaultClaims();
        if (_nonceOfCode.TryRemove(form.GetValueOrDefault("code") ?? "", out var nonce))
        {
            claims["nonce"] = nonce;
        }

        IdTokenClaims?.Invoke(claims);
        var idToken = IdTokenSigner?.Invoke(claims) ?? Sign(claims, SigningKey, SecurityAlgorithms.RsaSha256);
        var answer = new Dictionary<string, object>
        {
            ["access_token"] = "at-" + Guid.NewGuid().ToString("N"),
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
            ["id_token"] = idToken,
            ["scope"] = "openid profile email",
        };
        if (IssueRefreshTokens)
        {
            answer["refresh_token"] = refreshToken;
        }

        if (HoldTokenAnswer is { } hold)
        {
            await hold();
        }

        await context.Response.WriteAsJsonAsync(answer);
    }

    private Task UserInfoAsync(HttpContext context)
    {
        UserInfoCalls.Add(context.Request.Headers.Authorization.ToString());
        if (UserInfoStatus != 200)
        {
            context.Response.StatusCode = UserInfoStatus;
            return Task.CompletedTask;
        }

        var claims = new Dictionary<string, object>
        {
            ["sub"] = UserInfoSubject,
            ["name"] = "Fake User",
            ["email"] = "fake@example.test",
            ["email_verified"] = true,
        };
        UserInfoClaims?.Invoke(claims);
        return context.Response.WriteAsJsonAsync(claims);
    }

    private static Task Error(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error });
    }

    private Dictionary<string, object> Discovery()
    {
        var document = new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["userinfo_endpoint"] = Issuer + "/userinfo",
            ["revocation_endpoint"] = Issuer + "/revoke",
            ["jwks_uri"] = Issuer + "/jwks",
            ["frontchannel_logout_supported"] = true,
            ["frontchannel_logout_session_supported"] = true,
            ["response_types_supported"] = new[] { "code" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic" },
            ["authorization_response_iss_parameter_supported"] = IssParameterSupported,
        };
        if (EndSessionEndpoint is not null)
        {
            document["end_session_endpoint"] = EndSessionEndpoint;
        }

        return document;
    }

    private string Jwks() => JsonSerializer.Serialize(new
    {
        keys = _published.Select(key =>
        {
            var parameters = key.Rsa.ExportParameters(false);
            return new
            {
                kty = "RSA",
                use = "sig",
                alg = "RS256",
                kid = key.KeyId,
                n = WebEncoders.Base64UrlEncode(parameters.Modulus!),
                e = WebEncoders.Base64UrlEncode(parameters.Exponent!),
            };
        }),
    });
}
