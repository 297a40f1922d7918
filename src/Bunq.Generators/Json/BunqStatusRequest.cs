using System.Text.Json.Serialization;

namespace Bunq;

/// <summary>The body of bunq's status-only writes: an allow-listed IP set INACTIVE, an OAuth client created ACTIVE.</summary>
internal sealed record BunqStatusRequest([property: JsonPropertyName("status")] string Status);
