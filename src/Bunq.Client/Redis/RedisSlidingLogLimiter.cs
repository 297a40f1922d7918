using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Bunq;

/// <summary>
/// <see cref="SlidingLogRateLimiter"/>'s exact rule — at most N grants in any window of W, a grant leaving the window
/// W after it was made — counted in one Redis sorted set for the whole fleet. One Lua script prunes, counts and grants
/// atomically, or says how long until the oldest grant leaves the window; the caller sleeps that long on the client's
/// clock and asks again. Times are the client's <see cref="TimeProvider"/> in microseconds, as in-process: instances
/// on different hosts must keep their clocks in step (NTP), and the limits' margin absorbs what is left.
/// </summary>
internal sealed class RedisSlidingLogLimiter : RateLimiter
{
    // KEYS[1] the log; ARGV: now (µs), window (µs), permits, a unique member. Returns 0 (granted) or µs to wait.
    private const string Script = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
          redis.call('ZADD', KEYS[1], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
          return 0
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return math.max(1, math.ceil(tonumber(oldest[2]) + window - now))
        """;

    private readonly BunqRedisStore _store;
    private readonly RedisKey _key;
    private readonly int _permits;
    private readonly long _windowMicros;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;

    // One caller per endpoint asks Redis at a time, the rest wait here in arrival order: this process's callers
    // keep their order, and the fleet's Redis traffic stays one poll per endpoint per instance.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _waiting;

    public RedisSlidingLogLimiter(BunqRedisStore store, string key, int permits, TimeSpan window, int queueLimit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        _store = store;
        _key = key;
        _permits = permits;
        _windowMicros = window.Ticks / 10;
        _queueLimit = queueLimit;
        _time = time;
    }

    public override TimeSpan? IdleDuration => null; // the log lives in Redis; this object holds nothing to reclaim

    public override RateLimiterStatistics? GetStatistics() =>
        new() { CurrentQueuedCount = Math.Max(0, Volatile.Read(ref _waiting) - 1) };

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        throw new NotSupportedException("The shared rate budget is asked over the network: use AcquireAsync.");

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), "One call takes one permit.");
        }

        // The one asking Redis does not count as queued, as in-process, where the first caller is granted at once.
        if (Interlocked.Increment(ref _waiting) > _queueLimit + 1)
        {
            Interlocked.Decrement(ref _waiting);
            return SlidingLogRateLimiter.Lease.Refused;
        }

        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    long wait = await TryGrantAsync().ConfigureAwait(false);
                    if (wait == 0)
                    {
                        return SlidingLogRateLimiter.Lease.Acquired;
                    }

                    await Task.Delay(TimeSpan.FromTicks(wait * 10), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _turn.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _turn.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>One ask: 0 when granted, else the microseconds until the oldest grant leaves the window.</summary>
    internal async Task<long> TryGrantAsync()
    {
        long now = (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        RedisResult result = await _store.Run(db => db.ScriptEvaluateAsync(
            Script, [_key], [now, _windowMicros, _permits, now.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")])).ConfigureAwait(false);
        return (long)result;
    }
}
