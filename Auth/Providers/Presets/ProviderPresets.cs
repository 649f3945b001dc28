using BlazorAuth.Auth.Providers.OAuth2;

namespace BlazorAuth.Auth.Providers.Presets;

/// <summary>The presets this app knows. Endpoints are the providers' documented, public ones.</summary>
public static class ProviderPresets
{
    public static readonly IReadOnlyList<ProviderPreset> All =
    [
        new("github", "oauth2", "GitHub", null, (o, _, _) =>
        {
            var github = (OAuth2ProviderOptions)o;
            github.AuthorizationEndpoint = "https://github.com/login/oauth/authorize";
            github.TokenEndpoint = "https://github.com/login/oauth/access_token";
            github.UserInfoEndpoint = "https://api.github.com/user";
            github.VerifiedEmailsEndpoint = "https://api.github.com/user/emails";
            github.Scopes = "read:user user:email";
            github.ClaimMapping = new() { Subject = "id", DisplayName = "name,login", Picture = "avatar_url", Email = "email" };
        }),
        new("google", "oidc", "Google", null, (o, _, _) =>
        {
            o.Authority = "https://accounts.google.com";
            o.Scopes = "openid profile email";
        }),
        // "common" and "organizations" publish a templated issuer that no id_token matches: a tenant is required.
        new("entra", "oidc", "Microsoft", "Tenant", (o, tenant, _) =>
        {
            o.Authority = $"https://login.microsoftonline.com/{Uri.EscapeDataString(tenant ?? "")}/v2.0";
            o.Scopes = "openid profile email offline_access";
        }),
        new("gitlab", "oidc", "GitLab", null, (o, _, domain) =>
        {
            o.Authority = $"https://{domain ?? "gitlab.com"}";
            o.Scopes = "openid profile email";
        }),
        new("okta", "oidc", "Okta", "Domain", (o, _, domain) =>
        {
            o.Authority = $"https://{domain}";
            o.Scopes = "openid profile email offline_access";
        }),
        new("auth0", "oidc", "Auth0", "Domain", (o, _, domain) =>
        {
            o.Authority = $"https://{domain}/";
            o.Scopes = "openid profile email offline_access";
        }),
    ];
}
