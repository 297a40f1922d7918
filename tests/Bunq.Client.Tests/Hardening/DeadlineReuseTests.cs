namespace Bunq.Client.Tests.Hardening;

/// <summary>
/// The total-time bound (<see cref="BunqCallDeadline"/>) is reused from call to call: nothing of one call — a timer tick
/// that arrives late, the caller's token cancelled after the call ended, a registration left on the old token — may
/// cancel the next call, and a call's own time and its caller's cancellation still end it. The clock and the timer are
/// driven by hand, so a "late" tick is one the test fires after the call it belonged to has ended.
/// </summary>
public sealed class DeadlineReuseTests
{
    private static readonly TimeSpan Total = TimeSpan.FromSeconds(10);
    private readonly ManualTime _time = new();

    [Fact]
    public void A_deadline_that_ran_out_is_reused_with_a_fresh_token_and_its_full_time()
    {
        var pool = new BunqCallDeadline.Pool(_time);
        BunqCallDeadline first = pool.Start(Total, default);
        _time.Advance(Total);
        _time.Timer.Fire();
        Assert.True(first.IsExpired);
        Assert.True(first.Token.IsCancellationRequested);
        CancellationToken expiredToken = first.Token;
        first.Dispose();

        BunqCallDeadline next = pool.Start(Total, default);

        Assert.Same(first, next); // the same object, from the pool
        Assert.False(next.IsExpired);
        Assert.False(next.Token.IsCancellationRequested);
        Assert.NotEqual(expiredToken, next.Token); // a cancelled source is replaced, never reset
        Assert.Equal(Total, _time.Timer.Due);
        _time.Advance(Total - TimeSpan.FromMilliseconds(1));
        _time.Timer.Fire(); // early: re-armed for the millisecond left
        Assert.False(next.Token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _time.Timer.Fire();
        Assert.True(next.IsExpired);
    }

    [Fact]
    public void A_tick_of_the_previous_call_arriving_late_does_not_cancel_the_next_call()
    {
        var pool = new BunqCallDeadline.Pool(_time);
        BunqCallDeadline first = pool.Start(Total, default);
        _time.Advance(Total); // the time is up and the tick is on its way, but the call ends first
        first.Dispose();
        BunqCallDeadline next = pool.Start(Total, default);
        Assert.Same(first, next);

        _time.Timer.Fire(); // the previous call's tick, late

        Assert.False(next.IsExpired);
        Assert.False(next.Token.IsCancellationRequested);
        Assert.Equal(Total, _time.Timer.Due); // re-armed for the next call's own time, which is all still left
    }

    [Fact]
    public void A_tick_while_the_call_is_paused_for_a_rate_limit_permit_does_not_end_it()
    {
        var pool = new BunqCallDeadline.Pool(_time);
        BunqCallDeadline deadline = pool.Start(Total, default);
        _time.Advance(TimeSpan.FromSeconds(4));
        deadline.Pause();
        _time.Advance(TimeSpan.FromMinutes(5));
        _time.Timer.Fire();
        Assert.False(deadline.Token.IsCancellationRequested);

        deadline.Resume();
        Assert.Equal(TimeSpan.FromSeconds(6), _time.Timer.Due);
        _time.Advance(TimeSpan.FromSeconds(6));
        _time.Timer.Fire();
        Assert.True(deadline.IsExpired);
        deadline.Dispose();
    }

    [Fact]
    public void The_callers_token_cancelled_mid_call_cancels_that_call_only()
    {
        var pool = new BunqCallDeadline.Pool(_time);
        using var caller = new CancellationTokenSource();
        BunqCallDeadline first = pool.Start(Total, caller.Token);

        caller.Cancel();

        Assert.True(first.Token.IsCancellationRequested);
        Assert.False(first.IsExpired); // the caller's cancellation, not a timeout
        first.Dispose();
        BunqCallDeadline next = pool.Start(Total, default);
        Assert.Same(first, next);
        Assert.False(next.Token.IsCancellationRequested);
    }

    [Fact]
    public void The_callers_token_cancelled_after_the_call_ended_does_not_reach_the_next_call()
    {
        var pool = new BunqCallDeadline.Pool(_time);
        using var caller = new CancellationTokenSource();
        BunqCallDeadline first = pool.Start(Total, caller.Token);
        first.Dispose();
        BunqCallDeadline next = pool.Start(Total, default);
        Assert.Same(first, next);

        caller.Cancel();

        Assert.False(next.Token.IsCancellationRequested);
        next.Dispose();
    }

    [Fact]
    public void A_registration_left_on_an_ended_calls_token_is_not_called_when_the_next_call_is_cancelled()
    {
        var pool = new BunqCallDeadline.Pool(_time);
        BunqCallDeadline first = pool.Start(Total, default);
        bool called = false;
        first.Token.Register(() => called = true); // forgotten by whoever made it
        first.Dispose();
        using var caller = new CancellationTokenSource();
        BunqCallDeadline next = pool.Start(Total, caller.Token);
        Assert.Same(first, next);

        caller.Cancel();

        Assert.True(next.Token.IsCancellationRequested);
        Assert.False(called);
    }

    [Fact]
    public void Calls_at_the_same_time_get_deadlines_of_their_own()
    {
        var pool = new BunqCallDeadline.Pool(_time);
        BunqCallDeadline one = pool.Start(Total, default);
        BunqCallDeadline other = pool.Start(Total, default);

        Assert.NotSame(one, other);
        Assert.NotEqual(one.Token, other.Token);
        one.Dispose();
        other.Dispose();
    }

    /// <summary>A clock moved by hand, whose timers fire only when the test says so (as late or early as it likes).</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        /// <summary>The timer most recently made (each deadline makes one, once).</summary>
        public ManualTimer Timer { get; private set; } = null!;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Volatile.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Timer = new ManualTimer(callback, state) { Due = dueTime };
    }

    private sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
    {
        /// <summary>The due time of the last <see cref="Change"/>.</summary>
        public TimeSpan Due { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Due = dueTime;
            }

            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
