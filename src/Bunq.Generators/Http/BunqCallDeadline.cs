namespace Bunq;

/// <summary>
/// One call's <see cref="BunqRetryOptions.TotalTimeout"/>, on the client's <see cref="TimeProvider"/>, with a pause: time
/// queued for the client's own rate-limit permit does not count (as for the per-attempt timeout — a queued call is not a
/// slow one, and a burst the caller started must not time itself out), while every attempt, back-off and 429 wait does.
/// Taken from the client's <see cref="Pool"/> by <see cref="BunqCallHandler"/>, reached by
/// <see cref="BunqRateLimitHandler"/> through the call's <see cref="BunqCall"/>, and given back when the call is over.
/// </summary>
/// <remarks>
/// <para>
/// Pooled, because a call is on the hot path: a fresh cancellation source linked to the caller's token, a timer, and
/// the attempt timeout's registration on that fresh source (its callback node and list) were ≈ 380 B per call. A reused
/// source keeps its registration list, whose nodes the attempt timeout's registration takes back from the previous call.
/// </para>
/// <para>
/// Reuse is guarded so that nothing of one call can cancel the next:
/// the timer's callback decides by the clock, not by the fact that it fired — under the lock it cancels only a call that
/// is running (not over, not paused) and whose own time is really used up, and otherwise re-arms for what is left, so a
/// late tick of the previous call's timer cannot end the next one (nor can a tick that comes a little early end this
/// one early). The caller's token is registered on (only when it can be cancelled at all) with the source itself as the
/// callback's state, and unregistered when the call ends; if that callback ran or is running, or the timer cancelled the
/// source, the source is not reset but replaced. <see cref="CancellationTokenSource.TryReset"/> therefore never runs
/// beside a cancellation, and it drops any registration someone forgot on the old call's token.
/// </para>
/// </remarks>
internal sealed class BunqCallDeadline : IDisposable
{
    private readonly Pool _pool;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private CancellationTokenSource _source = new();
    private CancellationTokenRegistration _caller;
    private bool _callerRegistered;
    private TimeSpan _remaining;
    private long _runningSince;
    private bool _running;
    private bool _paused;
    private volatile bool _expired;

    private BunqCallDeadline(Pool pool)
    {
        _pool = pool;
        _time = pool.Time;
        // Made once and kept: with no execution context captured, the pooled timer holds nothing of the call that made it.
        if (ExecutionContext.IsFlowSuppressed())
        {
            _timer = CreateTimer();
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                _timer = CreateTimer();
            }
        }
    }

    /// <summary>Cancelled when the caller cancels or the call's time is up.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether the call's time ran out.</summary>
    public bool IsExpired => _expired;

    /// <summary>Stops the clock (the call is queued for a rate-limit permit).</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (!_running || _paused || _expired)
            {
                return;
            }

            _paused = true;
            _remaining -= _time.GetElapsedTime(_runningSince);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Starts the clock again with the time that was left.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            if (!_running || !_paused)
            {
                return;
            }

            _paused = false;
            _runningSince = _time.GetTimestamp();
            _timer.Change(_remaining > TimeSpan.Zero ? _remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Ends the call: the clock stops, and the deadline goes back to its pool for another call.</summary>
    /// <remarks>Called exactly once per <see cref="Pool.Start"/>, by the call's owner, when nothing of the call runs any more.</remarks>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            // From here no tick cancels the source, and _expired stays as it is.
            _running = false;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        // True: the caller's callback never ran and never will. False with a registration: it ran, or is running now.
        bool callerQuiet = !_callerRegistered || _caller.Unregister();
        _caller = default;
        _callerRegistered = false;
        if (!callerQuiet || _expired || !_source.TryReset())
        {
            // Cancelled (or about to be, by a callback already under way): never reset; the old source is left to the
            // collector rather than disposed under a Cancel that may still be running on another thread.
            _source = new CancellationTokenSource();
        }

        _pool.Return(this);
    }

    private void Begin(TimeSpan total, CancellationToken caller)
    {
        lock (_gate)
        {
            _remaining = total;
            _runningSince = _time.GetTimestamp();
            _paused = false;
            _expired = false;
            _running = true;
            _timer.Change(total, Timeout.InfiniteTimeSpan);
        }

        if (caller.CanBeCanceled)
        {
            // The source itself is the state, never this object's field: a callback that runs late cancels the source
            // of its own call, which is then not reused.
            _callerRegistered = true;
            _caller = caller.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _source);
        }
    }

    // The timer's callback: a tick that is late (the previous call's, or one delayed past a pause) or early is checked
    // against the clock under the lock, so only a running call whose own time is used up is cancelled.
    private void Tick()
    {
        CancellationTokenSource source;
        lock (_gate)
        {
            if (!_running || _paused || _expired)
            {
                return;
            }

            TimeSpan left = _remaining - _time.GetElapsedTime(_runningSince);
            if (left > TimeSpan.Zero)
            {
                _timer.Change(left > MinimumWait ? left : MinimumWait, Timeout.InfiniteTimeSpan);
                return;
            }

            _expired = true;
            source = _source;
        }

        // Outside the lock: cancelling runs the call's callbacks (the attempt timeout, delays, continuations).
        source.Cancel();
    }

    private ITimer CreateTimer() =>
        _time.CreateTimer(static state => ((BunqCallDeadline)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    // A system timer fires on a millisecond clock; one that fires a fraction early is re-armed at least this far ahead.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The deadlines of one client (one <see cref="TimeProvider"/>): a few are kept for reuse — about as many as calls
    /// run at once on this machine — and a call beyond them gets a new one, kept or dropped when it ends.
    /// </summary>
    internal sealed class Pool(TimeProvider time)
    {
        private readonly BunqCallDeadline?[] _kept = new BunqCallDeadline?[Math.Max(4, Environment.ProcessorCount * 2)];

        public TimeProvider Time { get; } = time;

        /// <summary>A deadline of <paramref name="total"/>, running from now, cancelled also by <paramref name="caller"/>.</summary>
        public BunqCallDeadline Start(TimeSpan total, CancellationToken caller)
        {
            BunqCallDeadline? deadline = null;
            for (int i = 0; i < _kept.Length && deadline is null; i++)
            {
                if (Volatile.Read(ref _kept[i]) is not null)
                {
                    deadline = Interlocked.Exchange(ref _kept[i], null);
                }
            }

            deadline ??= new BunqCallDeadline(this);
            deadline.Begin(total, caller);
            return deadline;
        }

        internal void Return(BunqCallDeadline deadline)
        {
            for (int i = 0; i < _kept.Length; i++)
            {
                if (Volatile.Read(ref _kept[i]) is null && Interlocked.CompareExchange(ref _kept[i], deadline, null) is null)
                {
                    return;
                }
            }

            // More deadlines than slots: this one goes, its timer with it.
            deadline._timer.Dispose();
            deadline._source.Dispose();
        }
    }
}
