namespace Bunq;

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
