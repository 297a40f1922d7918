using System.Net.Http;
using System.Net.Sockets;
using Polly.Timeout;

namespace Bunq;

/// <summary>
/// Outermost handler: bounds the whole call (every attempt, back-off, 429 wait and session renewal inside it, but not
/// the time queued for the client's own rate-limit permit: see <see cref="BunqCallDeadline"/>) by
/// <see cref="BunqRetryOptions.TotalTimeout"/>, and turns what the transport and the timeouts throw into
/// <see cref="BunqTransportException"/>, so a caller catches <see cref="BunqException"/> for everything the library
/// raises. The caller's own cancellation passes through untouched as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class BunqCallHandler(BunqPipelineParts parts) : DelegatingHandler
{
    // A call whose answer is ready when the inner handlers return (the common path: the transport answered and every
    // handler inside verified it at once) ends here without an async state machine or a Task of its own; one still
    // under way is awaited by CompleteAsync, which maps its failures.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        BunqCall call;
        BunqCallDeadline? deadline;
        try
        {
            // The one place a call's facts are settled; every handler inside reads them from here (a message the caller
            // sends again gets a record, and a deadline, of its own).
            call = BunqCall.Start(request, parts.Manifest);
            TimeSpan total = parts.TotalTimeout;
            deadline = total == Timeout.InfiniteTimeSpan ? null : parts.Deadlines.Start(total, cancellationToken);
        }
        catch (Exception e)
        {
            return BunqTasks.Failed<HttpResponseMessage>(e);
        }

        call.Deadline = deadline;
        Task<HttpResponseMessage> sending;
        try
        {
            sending = base.SendAsync(request, deadline?.Token ?? cancellationToken);
        }
        catch (Exception e)
        {
            sending = Task.FromException<HttpResponseMessage>(e);
        }

        if (!sending.IsCompletedSuccessfully)
        {
            return CompleteAsync(request, call, deadline, sending, cancellationToken);
        }

        // the attempt's keys and the deadline (back in its pool) do not outlive the call on a message the caller keeps
        BunqCall.End(request);
        deadline?.Dispose();
        return sending;
    }

    private async Task<HttpResponseMessage> CompleteAsync(
        HttpRequestMessage request, BunqCall call, BunqCallDeadline? deadline, Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        using BunqCallDeadline? owned = deadline;
        try
        {
            return await sending.ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline?.IsExpired == true)
        {
            throw Failure(request, call, $"took longer than BunqRetryOptions.TotalTimeout ({Seconds(parts.TotalTimeout)}) in all, attempts and back-off included", true, false, e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Describe(e) is { } failure)
        {
            throw Failure(request, call, failure.Reason, failure.IsTimeout, failure.NotSent, e);
        }
        finally
        {
            // the attempt's keys and the deadline (back in its pool) do not outlive the call on a message the caller keeps
            BunqCall.End(request);
        }
    }

    /// <summary>What went wrong in words, for the exceptions that mean "no answer"; null for everything else.</summary>
    private (string Reason, bool IsTimeout, bool NotSent)? Describe(Exception e) => e switch
    {
        BunqException => null, // already typed, and says more than we could
        TimeoutRejectedException => ($"got no answer within BunqRetryOptions.AttemptTimeout ({Seconds(parts.Options.Retry.AttemptTimeout)}) per attempt", true, false),
        TimeoutException => ("timed out", true, false),
        HttpRequestException http => Reason(http),
        IOException => ("the connection failed while the answer was read", false, false),
        _ => null,
    };

    // The error kind, not the inner message: the framework's messages are not ours to promise free of URLs and queries.
    // A connection that never stood (refused, no such host, no TLS) means the request never left this machine.
    private static (string, bool, bool) Reason(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => ("the host name could not be resolved", false, true),
        HttpRequestError.ConnectionError when e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => ("the connection was refused", false, true),
        HttpRequestError.ConnectionError => ("the connection could not be made", false, true),
        HttpRequestError.SecureConnectionError => ("TLS could not be set up (the certificate was not trusted, or the handshake failed)", false, true),
        HttpRequestError.ResponseEnded => ("the server closed the connection before answering", false, false),
        HttpRequestError.InvalidResponse => ("the answer was not valid HTTP", false, false),
        HttpRequestError.ProxyTunnelError => ("the proxy tunnel failed", false, true),
        _ => ("the request failed on the network", false, false),
    };

    private static BunqTransportException Failure(HttpRequestMessage request, BunqCall call, string reason, bool isTimeout, bool notSent, Exception inner) =>
        new($"bunq call {call.Method.Method} {call.RouteTemplate} to {request.RequestUri?.Host} failed: {reason}." +
            (notSent ? " The request was not sent."
                : BunqResilience.IsIdempotent(call.Method) ? string.Empty
                : " If the request reached bunq, its outcome is unknown: check before repeating it."),
            isTimeout, inner);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
