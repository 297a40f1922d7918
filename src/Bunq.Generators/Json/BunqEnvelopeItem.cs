using System.Text.Json;

namespace Bunq;

/// <summary>One item of a <see cref="BunqEnvelope"/>.</summary>
/// <param name="TypeName">The type-naming key, e.g. <c>Payment</c>.</param>
/// <param name="Value">The item's JSON.</param>
public sealed record BunqEnvelopeItem(string TypeName, JsonElement Value);
