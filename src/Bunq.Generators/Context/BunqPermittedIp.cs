using System.Text.Json.Serialization;
using Refit;

namespace Bunq;

/// <summary>An allow-listed IP.</summary>
public sealed record BunqPermittedIp
{
    /// <summary>Its id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>The IPv4 address.</summary>
    [JsonPropertyName("ip")]
    public string Ip { get; init; } = string.Empty;

    /// <summary><c>ACTIVE</c> or <c>INACTIVE</c>.</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = string.Empty;
}

/// <summary>A <c>CredentialPasswordIp</c>: the credential the allow-list hangs off.</summary>
internal sealed record BunqCredentialPasswordIp
{
    /// <summary>Its id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>Its status.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }
}

internal sealed record BunqPermittedIpRequest([property: JsonPropertyName("ip")] string Ip, [property: JsonPropertyName("status")] string Status);

[BunqEndpoint, Signed]
internal interface IBunqCredentialApi
{
    [Get("/user/{userId}/credential-password-ip")]
    Task<BunqList<BunqCredentialPasswordIp>> ListCredentialsAsync(long userId, CancellationToken cancellationToken);

    [Get("/user/{userId}/credential-password-ip/{credentialId}/ip")]
    Task<BunqList<BunqPermittedIp>> ListIpsAsync(long userId, long credentialId, CancellationToken cancellationToken);

    [Post("/user/{userId}/credential-password-ip/{credentialId}/ip")]
    Task<BunqId> AddIpAsync(long userId, long credentialId, [Body] BunqPermittedIpRequest request, CancellationToken cancellationToken);

    [Put("/user/{userId}/credential-password-ip/{credentialId}/ip/{ipId}")]
    Task<BunqId> SetIpStatusAsync(long userId, long credentialId, long ipId, [Body] BunqStatusRequest request, CancellationToken cancellationToken);
}
