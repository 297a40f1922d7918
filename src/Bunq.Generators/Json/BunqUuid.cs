using System.Text.Json.Serialization;

namespace Bunq;

/// <summary>The <c>{"Uuid":{"uuid":"..."}}</c> some create calls return.</summary>
public sealed record BunqUuid
{
    /// <summary>The uuid.</summary>
    [JsonPropertyName("uuid")]
    public string Uuid { get; init; } = string.Empty;
}
