namespace Bunq;

/// <summary>
/// A callback said something bunq's signed API does not: the callback was altered in transit or forged. Do not act on
/// it; the message names the field, never its values.
/// </summary>
public sealed class BunqCallbackMismatchException : BunqException
{
    /// <summary>Creates the exception.</summary>
    public BunqCallbackMismatchException(string message)
        : base(message)
    {
    }
}
