namespace Bunq;

/// <summary>Base type of every error this library raises on purpose. Messages never contain secrets.</summary>
public class BunqException : Exception
{
    /// <summary>Creates the exception with a message that says what went wrong and what to do.</summary>
    public BunqException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the low-level cause.</summary>
    public BunqException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A key could not be used: wrong size, malformed PEM, or not an RSA key.</summary>
public sealed class BunqKeyException : BunqException
{
    /// <inheritdoc cref="BunqException(string)"/>
    public BunqKeyException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="BunqException(string, Exception)"/>
    public BunqKeyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The options are not usable: an <c>http://</c> base address, a malformed pin, a missing API key.</summary>
public sealed class BunqConfigurationException : BunqException
{
    /// <inheritdoc cref="BunqException(string)"/>
    public BunqConfigurationException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="BunqException(string, Exception)"/>
    public BunqConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

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

/// <summary>
/// The server's certificate did not match the configured pin set, or its host name did not match.
/// Raised before any request byte is sent.
/// </summary>
public sealed class BunqPinningException : BunqException
{
    /// <summary>Creates the exception.</summary>
    public BunqPinningException(string message, string host, IReadOnlyList<string> presentedPins, Exception? innerException)
        : base(message, innerException)
    {
        Host = host;
        PresentedPins = presentedPins;
    }

    /// <summary>The host that presented the certificate.</summary>
    public string Host { get; }

    /// <summary>The <c>sha256/…</c> pins of the certificates the server presented, leaf first.</summary>
    public IReadOnlyList<string> PresentedPins { get; }
}
