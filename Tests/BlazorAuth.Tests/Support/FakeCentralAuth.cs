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
/// CentralAuth as docs/providers.md, "CentralAuth" describes it, on real Kestrel: /login hands out single-use codes bound to the
/// PKCE challenge and redirect URI; /api/v1/verify checks Basic auth and the verifier and answers JWE tokens
/// made with the client secret; userinfo and logout work on the access token's session.
/// </summary>
public sealed class FakeCentralAuth : IAsyncDisposable
{
    public const string ClientId = "ca-client";
    public static readonly string ClientSecret = new string('s', 32) + new string('t', 32);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string? Challenge, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, bool> _liveSessions = new();

    public FakeCentralAuth()
    {
        _app = LoopbackServer.Create(out var url);
        Url = url;
        _app.MapGet("/login", Login);
        _app.MapPost("/api/v1/verify", (Delegate)VerifyAsync);
        _app.MapPost("/api/v1/userinfo", (Delegate)UserInfoAsync);
        _app.MapPost("/api/v1/logout", (Delegate)LogoutAsync);
    }

    public string Url { get; }

    /// <summary>The error code the next /login answers with, in the newer (error) or older (error_code) form.</summary>
    public (string Code, bool Legacy)? LoginError { get; set; }

    /// <summary>Rewrites the tokens /verify hands out, to play a broken or hostile server.</summary>
    public Func<string, string>? TokenMutator { get; set; }

    public object User { get; set; } = DefaultUser;

    public static readonly object DefaultUser = new
    {
        id = "ca-user-1",
        email = "carol@central.example",
        gravatar = "https://gravatar.example.test/avatar/1",
        verified = true,
        blocked = false,
        organizationId = "org-1",
    };

    public ConcurrentBag<Dictionary<string, string>> VerifyRequests { get; } = [];

    public ConcurrentBag<string> UserInfoDomains { get; } = [];

    public int LogoutCalls;

    public void EndAllSessions() => _liveSessions.Clear();

    /// <summary>
    /// The code autologin hands another of the organisation's domains: same user, no PKCE challenge
    /// (docs/providers.md, "CentralAuth", inferred), single use, bound to that domain's callback.
    /// </summary>
    public string IssueHopCode(string redirectUri)
    {
        var code = Guid.NewGuid().ToString("N");
        _codes[code] = (null, redirectUri);
        return code;
    }

    public Task StartAsync() => _app.StartAsync();

    /// <summary>A JWE the way CentralAuth makes them; the parameters let tests make the wrong kinds.</summary>
    public static string Encrypt(object payload, string? secret = null, string algorithm = "dir", string encryption = "A256CBC-HS512", string? compression = null)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret ?? ClientSecret));
        var json = JsonSerializer.Serialize(payload);
        var credentials = new EncryptingCredentials(key, algorithm, encryption);
        return compression is null
            ? new JsonWebTokenHandler().EncryptToken(json, credentials)
            : new JsonWebTokenHandler().EncryptToken(json, credentials, compression);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult Login(HttpContext context)
    {
        var query = context.Request.Query;
        var redirect = query["redirect_uri"].ToString();
        var separator = redirect.Contains('?') ? '&' : '?';
        if (LoginError is { } error)
        {
            var (codeName, messageName) = error.Legacy ? ("error_code", "error_message") : ("error", "error_description");
            return Results.Redirect($"{redirect}{separator}{codeName}={error.Code}&{messageName}=Something+went+wrong&state={Uri.EscapeDataString(query["state"]!)}");
        }

        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
        {
            return Results.BadRequest();
        }

        var code = Guid.NewGuid().ToString("N");
        _codes[code] = (query["code_challenge"]!, redirect);
        return Results.Redirect($"{redirect}{separator}code={code}&state={Uri.EscapeDataString(query["state"]!)}");
    }

    private async Task<IResult> VerifyAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        form["authorization"] = context.Request.Headers.Authorization.ToString();
        VerifyRequests.Add(form);
        if (!IsClient(context))
        {
            return Error(401, "secretMissing");
        }

        if (!_codes.TryRemove(form.GetValueOrDefault("code") ?? "", out var issued))
        {
            return Error(400, "loginAttemptInvalid");
        }

        var verifier = form.GetValueOrDefault("code_verifier");
        var pkceHolds = issued.Challenge is null
            ? verifier is null
            : verifier is not null && WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == issued.Challenge;
        if (issued.RedirectUri != form.GetValueOrDefault("redirect_uri") || !pkceHolds)
        {
            return Error(400, "codeChallengeInvalid");
        }

        var sessionId = Guid.NewGuid().ToString("N");
        _liveSessions[sessionId] = true;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var access = Encrypt(new { sessionId, iat = now });
        var identity = Encrypt(new { sessionId, user = User, iat = now });
        return Results.Json(new
        {
            access_token = TokenMutator?.Invoke(access) ?? access,
            id_token = TokenMutator?.Invoke(identity) ?? identity,
            token_type = "Bearer",
            expires_in = 3600,
            expires_at = DateTimeOffset.UtcNow.AddHours(1).ToString("O"),
        });
    }

    private async Task<IResult> UserInfoAsync(HttpContext context)
    {
        if (!IsClient(context))
        {
            return Error(401, "secretMissing");
        }

        UserInfoDomains.Add(context.Request.Query["domain"].ToString());
        using var reader = new StreamReader(context.Request.Body);
        var sessionId = SessionOf(await reader.ReadToEndAsync());
        return sessionId is not null && _liveSessions.ContainsKey(sessionId) ? Results.Json(User) : Error(400, "sessionExpired");
    }

    private async Task<IResult> LogoutAsync(HttpContext context)
    {
        Interlocked.Increment(ref LogoutCalls);
        using var reader = new StreamReader(context.Request.Body);
        if (SessionOf(await reader.ReadToEndAsync()) is { } sessionId)
        {
            _liveSessions.TryRemove(sessionId, out _);
        }

        return Results.Ok();
    }

    private static string? SessionOf(string accessToken)
    {
        try
        {
            var parameters = new TokenValidationParameters { TokenDecryptionKeys = [new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ClientSecret))] };
            using var payload = JsonDocument.Parse(new JsonWebTokenHandler().DecryptToken(new JsonWebToken(accessToken), parameters));
            return payload.RootElement.GetProperty("sessionId").GetString();
        }
        catch (Exception e) when (e is SecurityTokenException or ArgumentException or JsonException)
        {
            return null;
        }
    }

    private static bool IsClient(HttpContext context) =>
        context.Request.Headers.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));

    private static IResult Error(int status, string code) => Results.Json(new { errorCode = code, message = "fake: " + code }, statusCode: status);
}
