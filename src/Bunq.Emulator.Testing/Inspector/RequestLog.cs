namespace Bunq.Emulator;

/// <summary>What the inspector knows about a request's signature.</summary>
internal enum SignatureVerdict
{
    /// <summary>No key to check against (installation, sandbox-user, an unknown token) or refused earlier.</summary>
    NotChecked,
    Valid,
    Missing,
    Invalid,
}

/// <summary>One request the emulator answered, for tests to count context calls or duplicate POSTs.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path.</param>
/// <param name="Ip">Caller IP.</param>
/// <param name="Status">Status answered; 499 ("client closed request") when the client went away before it could be answered.</param>
/// <param name="Signed">Whether the request carried a signature.</param>
/// <param name="RequestId">The client's request id, or empty.</param>
/// <param name="BodyDigest">SHA-256 (hex) of the request body: the same call resent has the same digest.</param>
public sealed record EmulatorRequest(string Method, string Path, string Ip, int Status, bool Signed, string RequestId, string BodyDigest);

/// <summary>
/// One request as the emulator logged it: what tests read (<see cref="Public"/>) and what the inspector shows (the
/// token as the installation or session it names, never the secret; the signature verdict; rate-limit use).
/// </summary>
internal sealed record LoggedRequest(DateTimeOffset Time, EmulatorRequest Public, string Token, SignatureVerdict Signature, int BodyLength, string RateLimit);

/// <summary>An exception no route expected: logged, answered 500 in bunq's error shape, and listed on the inspector page.</summary>
internal sealed record UnexpectedFailure(DateTimeOffset Time, string Method, string Path, string Exception);

/// <summary>
/// The one request log, written once per request by <see cref="RequestLogMiddleware"/>: tests read the newest
/// <see cref="BunqEmulatorOptions.RequestLogCapacity"/> entries (<see cref="BunqEmulator.Requests"/>), the inspector the
/// newest <see cref="InspectorCapacity"/>. Both are rings: an emulator that runs for days keeps a fixed-size log.
/// </summary>
internal sealed class RequestLog(int capacity)
{
    public const int InspectorCapacity = 500;

    /// <summary>Unexpected failures kept for the inspector page: the newest 100.</summary>
    public const int FailureCapacity = 100;

    private readonly RingLog<LoggedRequest> _requests = new(capacity);
    private readonly RingLog<UnexpectedFailure> _failures = new(FailureCapacity);

    /// <summary>Entries kept now, and how many were dropped to keep the capacity.</summary>
    public (int Kept, long Dropped) Size
    {
        get
        {
            lock (_requests)
            {
                return (_requests.Count, _requests.Dropped);
            }
        }
    }

    public void Add(LoggedRequest request) => Append(_requests, request);

    private static void Append<T>(RingLog<T> log, T item)
    {
        lock (log)
        {
            log.Add(item);
        }
    }

    public IReadOnlyList<LoggedRequest> Snapshot() => Copy(_requests);

    /// <summary>The newest requests, oldest first, at most <see cref="InspectorCapacity"/>.</summary>
    public IReadOnlyList<LoggedRequest> Recent()
    {
        lock (_requests)
        {
            return _requests.Newest(InspectorCapacity);
        }
    }

    public void AddFailure(UnexpectedFailure failure) => Append(_failures, failure);

    public IReadOnlyList<UnexpectedFailure> Failures() => Copy(_failures);

    private static T[] Copy<T>(RingLog<T> log)
    {
        lock (log)
        {
            return log.ToArray();
        }
    }
}
