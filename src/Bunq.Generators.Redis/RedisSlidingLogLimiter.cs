using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Bunq;

/// <summary>
/// The core's in-process limiter's exact rule — at most N calls in any window of W — counted in one Redis sorted
/// set for the whole fleet, with one difference: bunq counts a call when it arrives, which can be long after the grant
/// (a cold connection's TLS handshake on a loaded machine: over a second measured, P5), so a call counts as arriving
/// "now" while it is in flight, and from its answer once it has one (bunq counted it before answering), leaving the
/// window W after the answer. In-process, a call leaves the window W after its grant. One Lua script prunes, counts and
/// grants atomically, or says how long until the oldest answered call leaves the window (or, when every counted call is
/// still in flight, to ask again shortly); the caller sleeps that long on the client's clock and asks again. Times are
/// the client's <see cref="TimeProvider"/> in microseconds: instances on different hosts must keep their clocks in step
/// (NTP), and the limits' margin absorbs what is left.
/// </summary>
internal sealed class RedisSlidingLogLimiter : RateLimiter
{
    /// <summary>
    /// How long an unanswered call is held as "in flight": longer than any request takes to reach bunq. A process that
    /// dies mid-call frees its permit after this plus the window.
    /// </summary>
    internal static readonly TimeSpan InFlightHold = TimeSpan.FromSeconds(30);

    /// <summary>How soon to ask again when every counted call is still in flight (its answer frees the permit).</summary>
    internal static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(20);

    // KEYS[1] the log; ARGV: now (µs), window (µs), permits, a unique member, in-flight hold (µs). A granted call is
    // entered at now + hold (in flight: counted, never pruned); its answer moves it to the answer's time. Returns 0
    // (granted), -1 (every counted call in flight: ask again shortly) or the µs until the oldest leaves the window.
    private const string Script = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local hold = tonumber(ARGV[5])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
          redis.call('ZADD', KEYS[1], now + hold, ARGV[4])
          local keep = math.ceil((hold + window) / 1000) + 1000
          if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
          return 0
        end
        local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
        if oldest > now then return -1 end
        return math.max(1, math.ceil(oldest + window - now))
        """;

    // KEYS[1] the log; ARGV: now (µs), the call's member, the log's expiry (ms). Moves the answered call to now (or puts
    // it back if a call longer than the hold and the window was pruned) and keeps the log alive a window after it,
    // never shortening the life an in-flight entry needs.
    private const string CompleteScript = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        local keep = tonumber(ARGV[3])
        if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
        return 0
        """;

    private readonly BunqRedisContextStore _store;
    private readonly RedisKey _key;
    private readonly int _permits;
    private readonly long _windowMicros;
    private readonly long _expiryMillis;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;

    // One caller per endpoint asks Redis at a time, the rest wait here in arrival order: this process's callers
    // keep their order, and the fleet's Redis traffic stays one poll per endpoint per instance.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _waiting;

    public RedisSlidingLogLimiter(BunqRedisContextStore store, string key, int permits, TimeSpan window, int queueLimit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        _store = store;
        _key = key;
        _permits = permits;
        _windowMicros = window.Ticks / 10;
        _expiryMillis = (long)Math.Ceiling(window.TotalMilliseconds) + 1000;
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
            return Refused.Instance;
        }

        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    (long wait, RedisValue member) = await TryGrantCoreAsync().ConfigureAwait(false);
                    if (wait == 0)
                    {
                        return new Grant(this, member);
                    }

                    await Task.Delay(wait < 0 ? InFlightPoll : TimeSpan.FromTicks(wait * 10), _time, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// One ask, for tests: 0 when granted (the call is then answered at once), -1 when every counted call is in flight,
    /// else the microseconds until the oldest answered call leaves the window.
    /// </summary>
    internal async Task<long> TryGrantAsync()
    {
        (long wait, RedisValue member) = await TryGrantCoreAsync().ConfigureAwait(false);
        if (wait == 0)
        {
            Complete(member);
        }

        return wait;
    }

    private async Task<(long Wait, RedisValue Member)> TryGrantCoreAsync()
    {
        long now = NowMicros();
        RedisValue member = now.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N");
        RedisResult result = await _store.Run(db => db.ScriptEvaluateAsync(Script, [_key], [now, _windowMicros, _permits, member, HoldMicros])).ConfigureAwait(false);
        return ((long)result, member);
    }

    private static long HoldMicros => InFlightHold.Ticks / 10;

    private long NowMicros() => (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>
    /// Moves an answered (or failed, or cancelled) call's entry from "in flight" to now: bunq counted it before the
    /// answer came, so it leaves the window W after now. Sent without waiting for the reply (Redis keeps this
    /// connection's order, so this instance's next ask sees it); lost with Redis, the in-flight hold ends by itself.
    /// </summary>
    private void Complete(RedisValue member)
    {
        try
        {
            _store.Database.ScriptEvaluate(CompleteScript, [_key], [NowMicros(), member, _expiryMillis], CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is away: the call's outcome is the caller's, and the next ask fails with the store error anyway.
        }
    }

    /// <summary>No permit: more callers of this process wait than the queue limit allows.</summary>
    private sealed class Refused : RateLimitLease
    {
        public static readonly Refused Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    /// <summary>A granted permit; disposing it (when the call's answer is in, or the call failed) completes it.</summary>
    private sealed class Grant(RedisSlidingLogLimiter limiter, RedisValue member) : RateLimitLease
    {
        private int _completed;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _completed, 1) == 0)
            {
                limiter.Complete(member);
            }

            base.Dispose(disposing);
        }
    }
}
