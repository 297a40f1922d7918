using System.Threading.RateLimiting;

namespace Bunq;

/// <summary>Keeps every call within <see cref="BunqRateLimits"/>: callers wait for a permit, cancellation honoured.</summary>
/// <param name="limiter">The client's limiter set, shared by its handlers.</param>
/// <param name="time">The clock the wait is measured on.</param>
/// <param name="ownsLimiter">Whether disposing the handler disposes the limiter.</param>
internal sealed class BunqRateLimitHandler(BunqRateLimiter limiter, TimeProvider time, bool ownsLimiter = false) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        limiter.Enabled ? SendLimitedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendLimitedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        using RateLimitLease lease = await limiter.AcquireAsync(request, cancellationToken).ConfigureAwait(false);
        if (BunqTelemetry.RateLimitWait.Enabled)
        {
            BunqTelemetry.RateLimitWait.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(BunqTelemetry.Method, request.Method.Method));
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsLimiter)
        {
            limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
