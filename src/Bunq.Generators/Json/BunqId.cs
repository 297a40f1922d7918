using System.Text.Json.Serialization;

namespace Bunq;

/// <summary>The <c>{"Id":{"id":N}}</c> bunq returns from create and update calls. Ids are 64-bit.</summary>
public sealed record BunqId
{
    /// <summary>The id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }
}
