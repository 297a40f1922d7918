using System.Diagnostics;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// Real time, running <see cref="Factor"/> times faster: bunq's 3 s windows pass in 3/Factor s. Client and emulator share
/// it, so the documented limits are kept in their own terms while a 1,000-call burst finishes in seconds.
/// </summary>
internal sealed class ScaledTimeProvider(double factor) : TimeProvider
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly long _origin = Stopwatch.GetTimestamp();

    public double Factor { get; } = factor;

    public override DateTimeOffset GetUtcNow() => _start + (Stopwatch.GetElapsedTime(_origin) * Factor);

    public override long GetTimestamp() => (long)(Stopwatch.GetTimestamp() * Factor);

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(this, System.CreateTimer(callback, state, Scale(dueTime), Scale(period)));

    // System timers count whole milliseconds, and a period of 0 means "fire once": never scale a non-zero span below 1 ms.
    internal TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span == TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (long)(span.Ticks / Factor)));

    /// <summary>Scales <see cref="ITimer.Change"/> too: callers reschedule in their own (scaled) terms.</summary>
    private sealed class ScaledTimer(ScaledTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Scale(dueTime), owner.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
