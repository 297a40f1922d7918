namespace Bunq;

/// <summary>A stored context could not be read or written. Nothing was overwritten.</summary>
public sealed class BunqContextStoreException : BunqException
{
    /// <inheritdoc cref="BunqException(string, Exception)"/>
    public BunqContextStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
