using System.Text.Json.Serialization;
using BlazorAuth.Auth.Endpoints;
using BlazorAuth.Auth.Sessions;
using BlazorAuth.Auth.Transactions;

namespace BlazorAuth.Auth;

/// <summary>Source-generated JSON for everything the auth code seals or sends; no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AuthTransaction))]
[JsonSerializable(typeof(SessionCookie))]
[JsonSerializable(typeof(LegacySessionRecord))]
[JsonSerializable(typeof(StoredSession))]
[JsonSerializable(typeof(SessionSecrets))]
[JsonSerializable(typeof(SessionTicket))]
[JsonSerializable(typeof(AuthorizationResponseMessage))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(LogoutResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IndexedSession[]))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
