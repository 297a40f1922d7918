using System.Threading.RateLimiting;

namespace Bunq;

/// <summary>
/// An exact sliding-window limiter ("at most N calls in any window of W") on a <see cref="TimeProvider"/>, as a
/// <see cref="RateLimiter"/>. The library's own <see cref="SlidingWindowRateLimiter"/> approximates the window with
/// segments and reads the machine's clock directly (its manual replenishment is throttled to real time), so neither a
/// test's fake clock nor bunq's exact "3 calls per 3 consecutive seconds" can be expressed with it.
/// </summary>
internal sealed class SlidingLogRateLimiter : RateLimiter
{
    private readonly object _gate = new();
    private readonly int _permits;
    private readonly TimeSpan _window;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _granted = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly ITimer _timer;
    private DateTimeOffset? _idleSince;
    private bool _disposed;

    public SlidingLogRateLimiter(int permits, TimeSpan window, int queueLimit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        _permits = permits;
        _window = window;
        _queueLimit = queueLimit;
        _time = time;
        _idleSince = time.GetUtcNow();
        _timer = time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _idleSince is { } since ? _time.GetUtcNow() - since : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Prune(_time.GetUtcNow());
            return new RateLimiterStatistics { CurrentAvailablePermits = _permits - _granted.Count, CurrentQueuedCount = _waiters.Count };
        }
    }

    /// <summary>
    /// About how long a caller queued now would wait: until the permit it would inherit leaves the window, a whole window
    /// later for every full round of waiters ahead of it. Zero when a permit is free.
    /// </summary>
    public TimeSpan EstimatedWait()
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            Prune(now);
            if (_waiters.Count == 0 && _granted.Count < _permits)
            {
                return TimeSpan.Zero;
            }

            int ahead = _waiters.Count;
            int slot = ahead % _permits;
            DateTimeOffset freed = (slot < _granted.Count ? _granted.ElementAt(slot) : now) + (_window * ((ahead / _permits) + 1));
            return freed > now ? freed - now : TimeSpan.Zero;
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ThrowIfNotOne(permitCount);
        lock (_gate)
        {
            return _waiters.Count == 0 && TryGrant(_time.GetUtcNow()) ? Lease.Acquired : Lease.Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ThrowIfNotOne(permitCount);
        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_waiters.Count == 0 && TryGrant(_time.GetUtcNow()))
            {
                return ValueTask.FromResult<RateLimitLease>(Lease.Acquired);
            }

            if (_waiters.Count >= _queueLimit)
            {
                return ValueTask.FromResult<RateLimitLease>(Lease.Refused);
            }

            waiter = new Waiter();
            waiter.Node = _waiters.AddLast(waiter);
            _idleSince = null;
            ScheduleLocked();
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Cancellation = cancellationToken.Register(static state => ((SlidingLogRateLimiter)((object[])state!)[0]).Cancel((Waiter)((object[])state!)[1]), new object[] { this, waiter });
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> pending;
        lock (_gate)
        {
            _disposed = true;
            pending = [.. _waiters];
            _waiters.Clear();
        }

        _timer.Dispose();
        foreach (Waiter waiter in pending)
        {
            waiter.Completion.TrySetResult(Lease.Refused);
        }
    }

    private static void ThrowIfNotOne(int permitCount)
    {
        if (permitCount != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), "One call takes one permit.");
        }
    }

    private bool TryGrant(DateTimeOffset now)
    {
        Prune(now);
        if (_granted.Count >= _permits)
        {
            return false;
        }

        _granted.Enqueue(now);
        _idleSince = null;
        return true;
    }

    private void Prune(DateTimeOffset now)
    {
        while (_granted.Count > 0 && now - _granted.Peek() >= _window)
        {
            _granted.Dequeue();
        }
    }

    /// <summary>Wakes when the oldest permit leaves the window; grants to waiters in order.</summary>
    private void Release()
    {
        var ready = new List<Waiter>();
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            while (_waiters.First is { } first && TryGrant(now))
            {
                _waiters.RemoveFirst();
                ready.Add(first.Value);
            }

            if (_waiters.Count == 0 && _granted.Count == 0)
            {
                _idleSince = now;
            }

            ScheduleLocked();
        }

        foreach (Waiter waiter in ready)
        {
            waiter.Cancellation.Dispose();
            waiter.Completion.TrySetResult(Lease.Acquired);
        }
    }

    private void ScheduleLocked()
    {
        if (_waiters.Count == 0 || _granted.Count == 0)
        {
            return;
        }

        TimeSpan due = _granted.Peek() + _window - _time.GetUtcNow();
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Cancel(Waiter waiter)
    {
        lock (_gate)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
        }

        waiter.Completion.TrySetCanceled();
    }

    private sealed class Waiter
    {
        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }

    /// <summary>Leases carry nothing: a sliding-log permit expires with time, not when the lease is disposed.</summary>
    internal sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
