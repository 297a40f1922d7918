using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Bunq;

/// <summary>
/// One exact sliding-window limiter per endpoint, on the client's <see cref="TimeProvider"/> (so a test's fake clock
/// drives it), behind System.Threading.RateLimiting's <see cref="RateLimiter"/> abstraction. Shared by every handler of
/// one client.
/// </summary>
internal sealed class BunqRateLimiter : IDisposable
{
    private readonly BunqRateLimits _limits;
    private readonly TimeProvider _time;
    private readonly IBunqSharedContextStore? _shared;
    private readonly ConcurrentDictionary<string, RateLimiter?> _limiters = new(StringComparer.Ordinal);

    /// <summary>Creates the limiter set.</summary>
    /// <param name="limits">The limits.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="shared">A store shared by several instances: the permits are then counted there, for the whole fleet.</param>
    public BunqRateLimiter(BunqRateLimits limits, TimeProvider timeProvider, IBunqSharedContextStore? shared = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _limits = limits;
        _time = timeProvider;
        _shared = shared;
    }

    /// <summary>Whether any limit is kept (<see cref="BunqRateLimits.Enabled"/>).</summary>
    public bool Enabled => _limits.Enabled;

    /// <summary>Waits for a permit for the call's endpoint (its <see cref="BunqOperationFacts.RateLimitKey"/>). Dispose the lease when the call is done.</summary>
    /// <param name="call">The call about to be sent.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <param name="waiting">
    /// Told the call and the expected wait when it has to queue (not when a permit is free); the wait is
    /// null for a limiter shared through a store, which learns it only by asking.
    /// </param>
    /// <exception cref="BunqException">More callers are waiting for this endpoint than <see cref="BunqRateLimits.QueueLimit"/>.</exception>
    public ValueTask<RateLimitLease> AcquireAsync(BunqCall call, CancellationToken cancellationToken, Action<BunqCall, TimeSpan?>? waiting = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        string endpoint = call.Operation.RateLimitKey;
        RateLimiter? limiter = _limits.Enabled ? LimiterFor(endpoint) : null;
        if (limiter is null)
        {
            return new ValueTask<RateLimitLease>(SlidingLogRateLimiter.Lease.Acquired); // no limit for this endpoint
        }

        if (limiter is not SlidingLogRateLimiter sliding)
        {
            // The fleet's shared budget is asked over the network: no free permit to take at once, and no wait known
            // before asking; the caller is told it may queue, without a length.
            waiting?.Invoke(call, null);
            return WaitAsync(limiter, endpoint, cancellationToken);
        }

        // The common case, a free permit, takes it at once; only a caller that must queue is told how long.
        RateLimitLease now = sliding.AttemptAcquire(1);
        if (now.IsAcquired)
        {
            return new ValueTask<RateLimitLease>(now);
        }

        now.Dispose();
        waiting?.Invoke(call, sliding.EstimatedWait());
        return WaitAsync(limiter, endpoint, cancellationToken);
    }

    private async ValueTask<RateLimitLease> WaitAsync(RateLimiter limiter, string endpoint, CancellationToken cancellationToken)
    {
        RateLimitLease lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new BunqException($"More than {_limits.QueueLimit} calls are waiting for {endpoint} (bunq's rate limit); refusing this one rather than queueing without bound.");
        }

        return lease;
    }

    /// <summary>The endpoint key of a URL: the path after <c>/v1</c>, with ids (numbers, UUIDs) replaced by <c>{}</c>.</summary>
    public static string EndpointOf(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return BunqPath.EndpointKey(uri.AbsolutePath);
    }

    // The key comes with the call's facts, worked out once per endpoint method: a lookup, no string built per call.
    private RateLimiter? LimiterFor(string key) =>
        _limiters.TryGetValue(key, out RateLimiter? existing) ? existing : _limiters.GetOrAdd(key, static (k, self) => self.Create(k), this);

    /// <summary>How many calls wait for a permit of the endpoint <paramref name="method"/> <paramref name="path"/> (for tests).</summary>
    internal long QueuedFor(string method, string path) =>
        _limits.Enabled && LimiterFor(method + " " + EndpointOf(new Uri("https://bunq.invalid" + path))) is { } limiter
            ? limiter.GetStatistics()?.CurrentQueuedCount ?? 0
            : 0;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (RateLimiter? limiter in _limiters.Values)
        {
            limiter?.Dispose();
        }
    }

    private RateLimiter? Create(string key)
    {
        int space = key.IndexOf(' ', StringComparison.Ordinal);
        if (_limits.For(key[..space], key[(space + 1)..]) is not { } limit)
        {
            return null;
        }

        return _shared is null
            ? new SlidingLogRateLimiter(limit.Permits, limit.Window + _limits.Margin, _limits.QueueLimit, _time)
            : _shared.CreateLimiter(key, limit, _limits.Margin, _limits.QueueLimit, _time);
    }
}
