namespace Bunq;

/// <summary>
/// A response failed verification of <c>X-Bunq-Server-Signature</c>: the signature was missing, malformed, or did not
/// match the body. The body has been discarded; treat the call's outcome as unknown (it may have executed at the bank).
/// </summary>
public sealed class BunqSignatureException : BunqException
{
    /// <summary>Creates the exception.</summary>
    public BunqSignatureException(string message, int statusCode, string? responseId)
        : base(message)
    {
        StatusCode = statusCode;
        ResponseId = responseId;
    }

    /// <summary>The HTTP status of the rejected response.</summary>
    public int StatusCode { get; }

    /// <summary><c>X-Bunq-Client-Response-Id</c> of the rejected response, if it carried one.</summary>
    public string? ResponseId { get; }
}
