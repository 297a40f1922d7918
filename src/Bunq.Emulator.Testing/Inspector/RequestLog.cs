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
/// <param name="Status">Status answered.</param>
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
/// The one request log, written once per request by <see cref="RequestLogMiddleware"/>: tests read every entry
/// (<see cref="BunqEmulator.Requests"/>), the inspector the newest <see cref="InspectorCapacity"/>.
/// </summary>
internal sealed class RequestLog
{
    public const int InspectorCapacity = 500;
    private readonly List<LoggedRequest> _requests = [];
    private readonly List<UnexpectedFailure> _failures = [];

    public void Add(LoggedRequest request)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<LoggedRequest> Snapshot()
    {
        lock (_requests)
        {
            return _requests.ToArray();
        }
    }

    /// <summary>The newest requests, oldest first, at most <see cref="InspectorCapacity"/>.</summary>
    public IReadOnlyList<LoggedRequest> Recent()
    {
        lock (_requests)
        {
            int count = Math.Min(InspectorCapacity, _requests.Count);
            return _requests.GetRange(_requests.Count - count, count);
        }
    }

    public void AddFailure(UnexpectedFailure failure)
    {
        lock (_failures)
        {
            _failures.Add(failure);
        }
    }

    public IReadOnlyList<UnexpectedFailure> Failures()
    {
        lock (_failures)
        {
            return _failures.ToArray();
        }
    }
}
