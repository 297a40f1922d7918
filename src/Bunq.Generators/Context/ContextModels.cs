using System.Text.Json.Serialization;

namespace Bunq;

/// <summary>Body of <c>POST /installation</c>.</summary>
internal sealed record BunqInstallationRequest([property: JsonPropertyName("client_public_key")] string ClientPublicKey);

/// <summary>A <c>Token</c> item (installation or session token). <see cref="ToString"/> hides the token.</summary>
internal sealed record BunqToken
{
    /// <summary>The token's id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>The token itself.</summary>
    [JsonPropertyName("token")]
    public string Token { get; init; } = string.Empty;

    /// <summary>Hides the token.</summary>
    public override string ToString() => $"BunqToken({Id}, ***)";
}

/// <summary>A <c>ServerPublicKey</c> item.</summary>
internal sealed record BunqServerPublicKeyItem([property: JsonPropertyName("server_public_key")] string ServerPublicKey);

/// <summary>Body of <c>POST /device-server</c>. <see cref="ToString"/> hides the secret.</summary>
internal sealed record BunqDeviceServerRequest(
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("permitted_ips")] IReadOnlyList<string>? PermittedIps)
{
    /// <summary>Hides the secret.</summary>
    public override string ToString() => $"BunqDeviceServerRequest({Description}, ***, [{string.Join(", ", PermittedIps ?? [])}])";
}

/// <summary>Body of <c>POST /session-server</c>. <see cref="ToString"/> hides the secret.</summary>
internal sealed record BunqSessionServerRequest([property: JsonPropertyName("secret")] string Secret)
{
    /// <summary>Hides the secret.</summary>
    public override string ToString() => "BunqSessionServerRequest(***)";
}

/// <summary>The user fields the library itself needs from <c>UserPerson</c>, <c>UserCompany</c> or <c>UserPaymentServiceProvider</c>.</summary>
internal sealed record BunqUserSummary
{
    /// <summary>The user id used in URLs.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>The display name.</summary>
    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    /// <summary>The session lifetime in seconds (the user's auto-logout setting).</summary>
    [JsonPropertyName("session_timeout")]
    public long? SessionTimeout { get; init; }
}

/// <summary>The <c>UserApiKey</c> an OAuth session returns; the session timeout sits on the user who requested it.</summary>
internal sealed record BunqUserApiKey
{
    /// <summary>The id to use as <c>{userId}</c> in URLs.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>One of <c>UserPerson</c>, <c>UserCompany</c>, <c>UserPaymentServiceProvider</c>.</summary>
    [JsonPropertyName("requested_by_user")]
    public Dictionary<string, BunqUserSummary>? RequestedByUser { get; init; }
}

/// <summary>The <c>ApiKey</c> item of <c>POST /sandbox-user-person</c>. <see cref="ToString"/> hides the key.</summary>
internal sealed record BunqSandboxApiKey
{
    /// <summary>The new sandbox API key.</summary>
    [JsonPropertyName("api_key")]
    public string ApiKey { get; init; } = string.Empty;

    /// <summary>Hides the key.</summary>
    public override string ToString() => "BunqSandboxApiKey(***)";
}
