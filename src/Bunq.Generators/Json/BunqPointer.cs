using System.Text.Json.Serialization;

namespace Bunq;

/// <summary>A bunq alias: an IBAN, e-mail or phone number with a display name.</summary>
public sealed record BunqPointer
{
    /// <summary><c>IBAN</c>, <c>EMAIL</c> or <c>PHONE_NUMBER</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    /// <summary>The IBAN, address or number.</summary>
    [JsonPropertyName("value")]
    public string Value { get; init; } = string.Empty;

    /// <summary>The display name (required for IBAN payments).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
