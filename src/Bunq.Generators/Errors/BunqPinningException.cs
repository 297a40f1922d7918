namespace Bunq;

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
