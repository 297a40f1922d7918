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
