using System.Text.Json.Serialization;
using Bunq.OAuth;

namespace Bunq;

/// <summary>Source-generated metadata for the library's own types (no reflection, NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BunqId))]
[JsonSerializable(typeof(BunqUuid))]
[JsonSerializable(typeof(BunqAmount))]
[JsonSerializable(typeof(BunqPointer))]
[JsonSerializable(typeof(BunqInstallationRequest))]
[JsonSerializable(typeof(BunqToken))]
[JsonSerializable(typeof(BunqServerPublicKeyItem))]
[JsonSerializable(typeof(BunqDeviceServerRequest))]
[JsonSerializable(typeof(BunqSessionServerRequest))]
[JsonSerializable(typeof(BunqUserSummary))]
[JsonSerializable(typeof(BunqUserApiKey))]
[JsonSerializable(typeof(BunqSandboxApiKey))]
[JsonSerializable(typeof(BunqEnvelope))]
[JsonSerializable(typeof(BunqList<BunqPermittedIp>))]
[JsonSerializable(typeof(BunqList<BunqCredentialPasswordIp>))]
[JsonSerializable(typeof(BunqPermittedIpRequest))]
[JsonSerializable(typeof(BunqStatusRequest))]
[JsonSerializable(typeof(BunqTopUpRequest))]
[JsonSerializable(typeof(BunqPsd2CredentialRequest))]
[JsonSerializable(typeof(BunqPsd2CredentialItem))]
[JsonSerializable(typeof(BunqList<BunqOAuthClientItem>))]
[JsonSerializable(typeof(BunqOAuthClientItem))]
[JsonSerializable(typeof(BunqOAuthCallbackUrlItem))]
internal sealed partial class BunqJsonContext : JsonSerializerContext;
