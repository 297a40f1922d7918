namespace Bunq;

/// <summary>
/// A PSD2 provider context could not be made: the certificate, its private key or its chain is unusable here, or bunq
/// refused <c>POST /payment-service-provider-credential</c> (then <see cref="StatusCode"/> and <see cref="Errors"/> say why:
/// a CN without PISP/AISP, an expired certificate, a chain that does not match, a signature made with another key...).
/// Nothing secret is in the message.
/// </summary>
public sealed class BunqPsd2Exception : BunqException
{
    /// <summary>A local problem with the certificate material, found before anything was sent.</summary>
    internal BunqPsd2Exception(string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>bunq's refusal of the credential request.</summary>
    internal BunqPsd2Exception(BunqApiException refusal)
        : base(
            "bunq refused the PSD2 provider credential (payment-service-provider-credential): " + refusal?.Message
            + " Check the certificate (sandbox: a CN of at most 64 characters containing PISP and/or AISP, valid now), its chain, and that "
            + "BunqPsd2Certificate holds the certificate's own private key.",
            refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        StatusCode = refusal.StatusCode;
        Errors = refusal.Errors;
        ResponseId = refusal.ResponseId;
    }

    /// <summary>bunq's HTTP status when bunq refused the credential; null for a local problem.</summary>
    public int? StatusCode { get; }

    /// <summary>bunq's error descriptions when bunq refused the credential; empty for a local problem.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary><c>X-Bunq-Client-Response-Id</c> of bunq's refusal, to quote to bunq support.</summary>
    public string? ResponseId { get; }
}
