namespace Bunq;

/// <summary>
/// One call's <see cref="BunqRetryOptions.TotalTimeout"/>, on the client's <see cref="TimeProvider"/>, with a pause: time
/// queued for the client's own rate-limit permit does not count (as for the per-attempt timeout — a queued call is not a
/// slow one, and a burst the caller started must not time itself out), while every attempt, back-off and 429 wait does.
/// Made by <see cref="BunqCallHandler"/> and reached by <see cref="BunqRateLimitHandler"/> through the call's <see cref="BunqCall"/>.
/// </summary>
internal sealed class BunqCallDeadline : IDisposable
{
    // One source for the call, cancelled by the caller's token or by the deadline's timer: a call is on the hot path,
    // and a separate deadline source linked to the caller's would cost a second source and its registration per call.
    private readonly CancellationTokenSource _call;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private TimeSpan _remaining;
    private long _runningSince;
    private bool _paused;
    private volatile bool _expired;

    public BunqCallDeadline(TimeSpan total, TimeProvider time, CancellationToken caller)
    {
        _time = time;
        _remaining = total;
        _runningSince = time.GetTimestamp();
        _call = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _timer = time.CreateTimer(static state => ((BunqCallDeadline)state!).Expire(), this, total, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when the caller cancels or the call's time is up.</summary>
    public CancellationToken Token => _call.Token;

    /// <summary>Whether the call's time ran out.</summary>
    public bool IsExpired => _expired;

    /// <summary>Stops the clock (the call is queued for a rate-limit permit).</summary>
    public void Pause()
    {
        lock (_call) // private to this object: no separate lock object per call
        {
            if (_paused || _expired)
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
        lock (_call) // private to this object: no separate lock object per call
        {
            if (!_paused)
            {
                return;
            }

            _paused = false;
            _runningSince = _time.GetTimestamp();
            _timer.Change(_remaining > TimeSpan.Zero ? _remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _call.Dispose();
    }

    private void Expire()
    {
        _expired = true;
        try
        {
            _call.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the call ended as the timer fired
        }
    }
}
