using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;

namespace Bunq;

/// <summary>
/// One exact sliding-window limiter per endpoint, on the client's <see cref="TimeProvider"/> (so a test's fake clock
/// drives it), behind System.Threading.RateLimiting's <see cref="RateLimiter"/> abstraction. Shared by every handler of
/// one client.
/// </summary>
public sealed class BunqRateLimiter : IDisposable
{
    private readonly BunqRateLimits _limits;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, RateLimiter?> _limiters = new(StringComparer.Ordinal);

    /// <summary>Creates the limiter set.</summary>
    public BunqRateLimiter(BunqRateLimits limits, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _limits = limits;
        _time = timeProvider;
    }

    /// <summary>Waits for a permit for <paramref name="request"/>'s endpoint. Dispose the lease when the call is done.</summary>
    /// <exception cref="BunqException">More callers are waiting for this endpoint than <see cref="BunqRateLimits.QueueLimit"/>.</exception>
    public async ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string method = request.Method.Method;
        string endpoint = EndpointOf(request.RequestUri!);
        RateLimiter? limiter = _limiters.GetOrAdd(method + " " + endpoint, static (_, state) => state.Self.Create(state.Method, state.Endpoint), (Self: this, Method: method, Endpoint: endpoint));
        if (limiter is null)
        {
            return SlidingLogRateLimiter.Lease.Acquired; // no limit for this endpoint
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
        foreach (RateLimiter? limiter in _limiters.Values)
        {
            limiter?.Dispose();
        }
    }

    private RateLimiter? Create(string method, string endpoint) =>
        _limits.Enabled && _limits.For(method, endpoint) is { } limit
            ? new SlidingLogRateLimiter(limit.Permits, limit.Window + _limits.Margin, _limits.QueueLimit, _time)
            : null;
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
