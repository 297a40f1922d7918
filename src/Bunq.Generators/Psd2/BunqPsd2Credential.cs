using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Bunq;

/// <summary>
/// Step 2 of a PSD2 context (bunq-protocol.md §10.2): after <c>POST /installation</c>, <c>POST
/// /payment-service-provider-credential</c> with the installation token, signed; its <c>CredentialPasswordIp.token_value</c>
/// is then the context's secret for device-server and session-server, as an API key would be.
/// </summary>
internal static class BunqPsd2Credential
{
    public static async Task<BunqSecret> CreateAsync(
        IBunqPsd2Api api, BunqPsd2Certificate certificate, BunqCredentials installation,
        JsonTypeInfo<BunqPsd2CredentialItem> typeInfo, CancellationToken cancellationToken)
    {
        var request = new BunqPsd2CredentialRequest(
            certificate.CertificatePem, certificate.ChainPem, certificate.SignInstallation(installation.ClientKey.PublicKeyPem, installation.Token!));
        BunqEnvelope envelope;
        try
        {
            envelope = await api.CreateCredentialAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (BunqApiException refusal) when (refusal is not BunqRateLimitException)
        {
            throw new BunqPsd2Exception(refusal);
        }

        BunqPsd2CredentialItem credential = envelope.Get("CredentialPasswordIp", typeInfo);
        return credential.TokenValue is { } token && BunqHeaderValues.IsToken(token)
            ? new BunqSecret(token)
            : throw new BunqException($"bunq's PSD2 credential {credential.Id} came without a usable token_value (empty, or with characters a header cannot carry); it cannot open a session.");
    }
}

// Made while the context is made: sent through the bootstrapper's chain with the installation's credentials, as device-server is.
[BunqEndpoint, Signed]
internal interface IBunqPsd2Api
{
    [Post("/payment-service-provider-credential")]
    Task<BunqEnvelope> CreateCredentialAsync(
        [Body] BunqPsd2CredentialRequest request, CancellationToken cancellationToken);
}

/// <summary>Body of <c>POST /payment-service-provider-credential</c>; <see cref="ToString"/> shows only the certificate.</summary>
internal sealed record BunqPsd2CredentialRequest(
    [property: JsonPropertyName("client_payment_service_provider_certificate")] string Certificate,
    [property: JsonPropertyName("client_payment_service_provider_certificate_chain")] string CertificateChain,
    [property: JsonPropertyName("client_public_key_signature")] string PublicKeySignature)
{
    public override string ToString() => "BunqPsd2CredentialRequest(certificate, chain, signature)";
}

/// <summary>The <c>CredentialPasswordIp</c> item the credential call returns; <see cref="ToString"/> hides the token.</summary>
internal sealed record BunqPsd2CredentialItem
{
    [JsonPropertyName("id")]
    public long Id { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("token_value")]
    public string? TokenValue { get; init; }

    public override string ToString() => $"BunqPsd2CredentialItem({Id}, {Status}, ***)";
}
