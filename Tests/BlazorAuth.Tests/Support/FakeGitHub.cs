using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// A GitHub-style OAuth 2.0 server on real Kestrel: no discovery, no id_token, refusals as 200 with an
/// "error" member, a numeric user id, and an API that insists on a User-Agent.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    public const string ClientId = "gh-client";
    public const string ClientSecret = "gh-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _codes = new();
    private readonly ConcurrentDictionary<string, bool> _tokens = new();

    public FakeGitHub()
    {
        _app = LoopbackServer.Create(out var url);
        Url = url;
        _app.MapPost("/login/oauth/access_token", async context =>
        {
            var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            TokenRequests.Add(form);
            if (!_codes.TryRemove(form.GetValueOrDefault("code") ?? "", out _))
            {
                await context.Response.WriteAsJsonAsync(new { error = "bad_verification_code", error_description = "The code passed is incorrect or expired." });
                return;
            }

            var token = "gho_" + Guid.NewGuid().ToString("N");
            _tokens[token] = true;
            // Some OAuth 2.0 servers add an id_token the app never asked to trust.
            await context.Response.WriteAsJsonAsync(new { access_token = token, token_type = "bearer", scope = "read:user,user:email", id_token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0." });
        });
        _app.MapGet("/user", async context =>
        {
            var token = context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
            if (string.IsNullOrEmpty(context.Request.Headers.UserAgent))
            {
                context.Response.StatusCode = 403;
                return;
            }

            if (!_tokens.ContainsKey(token))
            {
                context.Response.StatusCode = 401;
                return;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(User);
        });
        _app.MapGet("/user/emails", async context =>
        {
            var token = context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
            if (!_tokens.ContainsKey(token))
            {
                context.Response.StatusCode = 401;
                return;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(Emails);
        });
    }

    public string Url { get; }

    /// <summary>What /user/emails answers (raw JSON).</summary>
    public string Emails { get; set; } = DefaultEmails;

    public const string DefaultEmails = """[{"email":"octocat@example.test","verified":true,"primary":true}]""";

    /// <summary>What /user answers (raw JSON), to play odd users.</summary>
    public string User { get; set; } = DefaultUser;

    public const string DefaultUser =
        """{"login":"octocat","id":583231,"avatar_url":"https://avatars.example.test/u/583231","name":"The Octocat","email":"octocat@example.test"}""";

    public ConcurrentBag<Dictionary<string, string>> TokenRequests { get; } = [];

    /// <summary>A code the token endpoint will accept once, as GitHub's authorize page would hand out.</summary>
    public string IssueCode()
    {
        var code = Guid.NewGuid().ToString("N");
        _codes[code] = true;
        return code;
    }

    /// <summary>Ends every access token, as a user revoking the app at GitHub would.</summary>
    public void RevokeAllTokens() => _tokens.Clear();

    public Task StartAsync() => _app.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
