namespace Bunq;

/// <summary>
/// The call got no answer from bunq: the connection was refused, reset or lost, TLS could not be set up (a certificate
/// that matches no pin is <see cref="BunqPinningException"/> instead), an attempt ran past
/// <see cref="BunqRetryOptions.AttemptTimeout"/>, or the whole call past <see cref="BunqRetryOptions.TotalTimeout"/> —
/// after the retries the call was allowed. The message names the host and the route template, never a query, an id or
/// a secret; <see cref="Exception.InnerException"/> keeps the low-level cause. For a call that changes something (a POST),
/// a timeout or a lost connection leaves its outcome unknown: look before you repeat it.
/// </summary>
/// <remarks>
/// Cancelling the call's own <see cref="CancellationToken"/> is not a transport failure: it surfaces as
/// <see cref="OperationCanceledException"/>, as everywhere in .NET.
/// </remarks>
public sealed class BunqTransportException : BunqException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming host and route, without secrets.</param>
    /// <param name="isTimeout">Whether a time limit ended the call rather than the connection.</param>
    /// <param name="innerException">The low-level cause.</param>
    public BunqTransportException(string message, bool isTimeout, Exception? innerException)
        : base(message, innerException)
    {
        IsTimeout = isTimeout;
    }

    /// <summary>
    /// True when a time limit (<see cref="BunqRetryOptions.AttemptTimeout"/> or <see cref="BunqRetryOptions.TotalTimeout"/>)
    /// ended the call; false when the connection failed (refused, reset, TLS, name resolution).
    /// </summary>
    public bool IsTimeout { get; }
}
