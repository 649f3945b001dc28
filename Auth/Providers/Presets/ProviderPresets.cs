namespace BlazorAuth.Auth.Providers.Presets;

/// <summary>The presets this app knows. Endpoints are the providers' documented, public ones.</summary>
public static class ProviderPresets
{
    public static readonly IReadOnlyList<ProviderPreset> All =
    [
        new("github", "oauth2", "GitHub", null, o =>
        {
            o.AuthorizationEndpoint = "https://github.com/login/oauth/authorize";
            o.TokenEndpoint = "https://github.com/login/oauth/access_token";
            o.UserInfoEndpoint = "https://api.github.com/user";
            o.VerifiedEmailsEndpoint = "https://api.github.com/user/emails";
            o.Scopes = "read:user user:email";
            o.ClaimMapping = new() { Subject = "id", DisplayName = "name,login", Picture = "avatar_url", Email = "email" };
        }),
        new("google", "oidc", "Google", null, o =>
        {
            o.Authority = "https://accounts.google.com";
            o.Scopes = "openid profile email";
        }),
        // "common" and "organizations" publish a templated issuer that no id_token matches: a tenant is required.
        new("entra", "oidc", "Microsoft", "Tenant", o =>
        {
            o.Authority = $"https://login.microsoftonline.com/{Uri.EscapeDataString(o.Tenant ?? "")}/v2.0";
            o.Scopes = "openid profile email offline_access";
        }),
        new("gitlab", "oidc", "GitLab", null, o =>
        {
            o.Authority = $"https://{o.Domain ?? "gitlab.com"}";
            o.Scopes = "openid profile email";
        }),
        new("okta", "oidc", "Okta", "Domain", o =>
        {
            o.Authority = $"https://{o.Domain}";
            o.Scopes = "openid profile email offline_access";
        }),
        new("auth0", "oidc", "Auth0", "Domain", o =>
        {
            o.Authority = $"https://{o.Domain}/";
            o.Scopes = "openid profile email offline_access";
        }),
    ];
}
