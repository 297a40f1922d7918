using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>
/// Keeps every call within <see cref="BunqRateLimits"/>: callers wait for a permit, cancellation honoured. A caller that
/// has to queue is logged with its expected wait (event 2008; Information from one second up), so a 31 s pause for
/// session-server's limit is explained, not a mystery.
/// </summary>
/// <param name="limiter">The client's limiter set, shared by its handlers.</param>
/// <param name="time">The clock the wait is measured on.</param>
/// <param name="ownsLimiter">Whether disposing the handler disposes the limiter.</param>
/// <param name="logger">Where the waits are logged.</param>
internal sealed class BunqRateLimitHandler(BunqRateLimiter limiter, TimeProvider time, bool ownsLimiter = false, ILogger? logger = null) : DelegatingHandler
{
    private readonly Action<BunqCall, TimeSpan?> _waiting = (call, wait) =>
    {
        // Queued time is not the call's time: the total-time bound stops while it waits (see BunqCallDeadline).
        call.Deadline?.Pause();
        if (logger is not null && wait is { } known)
        {
            LogWait(logger, call.Operation.RateLimitKey, known);
        }
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        limiter.Enabled ? SendLimitedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendLimitedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        BunqCall call = BunqCall.Of(request);
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(call, cancellationToken, _waiting).ConfigureAwait(false);
        }
        finally
        {
            call.Deadline?.Resume();
        }

        using RateLimitLease held = lease;
        if (BunqTelemetry.RateLimitWait.Enabled)
        {
            BunqTelemetry.RateLimitWait.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(BunqTelemetry.Method, request.Method.Method));
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void LogWait(ILogger logger, string endpoint, TimeSpan wait) =>
        BunqLog.RateLimitWait(logger, wait >= TimeSpan.FromSeconds(1) ? LogLevel.Information : LogLevel.Debug, wait.TotalSeconds, endpoint);

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsLimiter)
        {
            limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
