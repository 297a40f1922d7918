namespace Bunq;

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
