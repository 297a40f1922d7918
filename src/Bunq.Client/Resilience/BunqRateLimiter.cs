using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;

namespace Bunq;

/// <summary>
/// One sliding-window limiter (System.Threading.RateLimiting) per endpoint, replenished by a timer on the client's
/// <see cref="TimeProvider"/>, so a test's fake clock drives it exactly. Shared by every handler of one client.
/// </summary>
public sealed class BunqRateLimiter : IDisposable
{
    /// <summary>The replenishment step: every window is a whole number of these.</summary>
    public static readonly TimeSpan Segment = TimeSpan.FromMilliseconds(50);

    private readonly BunqRateLimits _limits;
    private readonly ConcurrentDictionary<string, SlidingWindowRateLimiter?> _limiters = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private readonly object _replenishGate = new();
    private long _replenishedUpTo;

    /// <summary>Creates the limiter set.</summary>
    public BunqRateLimiter(BunqRateLimits limits, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _limits = limits;
        _time = timeProvider;
        _replenishedUpTo = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(_ => Replenish(), null, Segment, Segment);
    }

    /// <summary>Waits for a permit for <paramref name="request"/>'s endpoint. Dispose the lease when the call is done.</summary>
    /// <exception cref="BunqException">More callers are waiting for this endpoint than <see cref="BunqRateLimits.QueueLimit"/>.</exception>
    public async ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string method = request.Method.Method;
        string endpoint = EndpointOf(request.RequestUri!);
        SlidingWindowRateLimiter? limiter = _limiters.GetOrAdd(method + " " + endpoint, static (_, state) => state.Self.Create(state.Method, state.Endpoint), (Self: this, Method: method, Endpoint: endpoint));
        if (limiter is null)
        {
            return Unlimited.Lease;
        }

        RateLimitLease lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new BunqException($"More than {_limits.QueueLimit} calls are waiting for {method} {endpoint} (bunq's rate limit); refusing this one rather than queueing without bound.");
        }

        return lease;
    }

    /// <summary>The endpoint key of a URL: the path after <c>/v1</c>, with numeric ids replaced by <c>{}</c>.</summary>
    public static string EndpointOf(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        string[] segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int start = Array.LastIndexOf(segments, "v1") + 1;
        IEnumerable<string> rest = segments.Skip(start).Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? "{}" : s);
        return "/" + string.Join('/', rest);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer.Dispose();
        foreach (SlidingWindowRateLimiter? limiter in _limiters.Values)
        {
            limiter?.Dispose();
        }
    }

    private SlidingWindowRateLimiter? Create(string method, string endpoint)
    {
        if (!_limits.Enabled || _limits.For(method, endpoint) is not { } limit)
        {
            return null;
        }

        // A permit comes back when its segment leaves the window, so it is held at least (window - one segment):
        // round the window plus margin up to whole segments, plus one, to hold each permit for the full bunq window.
        int segments = (int)Math.Ceiling((limit.Window + _limits.Margin) / Segment) + 1;
        return new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit.Permits,
            Window = Segment * segments,
            SegmentsPerWindow = segments,
            AutoReplenishment = false,
            QueueLimit = _limits.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// Moves every window on by the segments that really elapsed: a timer that fires late (they do, by milliseconds)
    /// must not stretch the windows, or the client would use less of bunq's budget than it may. Never early: a segment
    /// is only counted once it has fully passed on the clock.
    /// </summary>
    private void Replenish()
    {
        lock (_replenishGate)
        {
            long segmentTicks = (long)(Segment.TotalSeconds * _time.TimestampFrequency);
            long due = (_time.GetTimestamp() - _replenishedUpTo) / segmentTicks;
            // past a whole window of steps every limiter is full again; more steps change nothing
            for (long i = 0, steps = Math.Min(due, 10_000); i < steps; i++)
            {
                foreach (SlidingWindowRateLimiter? limiter in _limiters.Values)
                {
                    limiter?.TryReplenish();
                }
            }

            _replenishedUpTo += due * segmentTicks;
        }
    }

    private sealed class Unlimited : RateLimitLease
    {
        public static readonly Unlimited Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>Keeps every call within <see cref="BunqRateLimits"/>: callers wait for a permit, cancellation honoured.</summary>
/// <param name="limiter">The client's limiter set, shared by its handlers.</param>
/// <param name="ownsLimiter">Whether disposing the handler disposes the limiter.</param>
public sealed class BunqRateLimitHandler(BunqRateLimiter limiter, bool ownsLimiter = false) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using RateLimitLease lease = await limiter.AcquireAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsLimiter)
        {
            limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
