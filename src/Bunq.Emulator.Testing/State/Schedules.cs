using System.Globalization;

namespace Bunq.Emulator;

/// <summary>
/// A scheduled payment: payment orders that run on the emulator's clock — one for bunq's <c>schedule-payment</c>, one or
/// more, all together, for its <c>schedule-payment-batch</c> (<see cref="IsBatch"/>) — and its <c>schedule</c>.
/// </summary>
internal sealed class ScheduledPayment(long id, long accountId, IReadOnlyList<PaymentOrder> orders, DateTimeOffset start, DateTimeOffset? end, string unit, int size)
{
    public ScheduledPayment(long id, long accountId, PaymentOrder order, DateTimeOffset start, DateTimeOffset? end, string unit, int size)
        : this(id, accountId, [order], start, end, unit, size)
    {
    }

    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    /// <summary>What each run pays, all or nothing; a batch's PUT may replace them.</summary>
    public IReadOnlyList<PaymentOrder> Orders { get; set; } = orders;

    /// <summary>The one order of a <c>schedule-payment</c>.</summary>
    public PaymentOrder Order => Orders[0];

    /// <summary>Made by <c>schedule-payment-batch</c>: a run pays every order as one payment-batch.</summary>
    public bool IsBatch { get; init; }

    public DateTimeOffset Start { get; set; } = start;

    public DateTimeOffset? End { get; set; } = end;

    /// <summary>ONCE, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY; "size 4 and unit WEEKLY means the recurrence is every 4 weeks" (bunq's SDKs, <c>Schedule</c>).</summary>
    public string Unit { get; set; } = unit;

    public int Size { get; set; } = size;

    /// <summary>ACTIVE, FINISHED (no run left) or CANCELLED (deleted).</summary>
    public string Status { get; set; } = "ACTIVE";

    /// <summary>How many runs were made: the next is run number <see cref="Runs"/> (from 0).</summary>
    public int Runs { get; set; }

    public List<ScheduleInstance> Instances { get; } = [];

    /// <summary>
    /// When run number <paramref name="n"/> is due; null when the recurrence has no such run — past its end, or past the
    /// last time <see cref="DateTimeOffset"/> holds (year 9999): such a schedule is finished, never an error, because the
    /// runner makes the runs before every request and one schedule must not fail every call. A size below 1 or an
    /// unknown unit (a hand-edited state file) runs once.
    /// </summary>
    public DateTimeOffset? Due(int n)
    {
        if (n == 0)
        {
            return End is { } end && Start > end ? null : Start;
        }

        if (Unit == "ONCE" || Size < 1 || After(Start, Unit, (long)n * Size) is not { } due)
        {
            return null;
        }

        return End is { } last && due > last ? null : due;
    }

    /// <summary><paramref name="start"/> plus <paramref name="step"/> units; null when that falls outside what <see cref="DateTimeOffset"/> holds.</summary>
    public static DateTimeOffset? After(DateTimeOffset start, string unit, long step)
    {
        start = start.ToUniversalTime(); // bunq's times are UTC; one with an offset could pass the limit in its clock time first
        long ticksPerUnit = unit switch
        {
            "HOURLY" => TimeSpan.TicksPerHour,
            "DAILY" => TimeSpan.TicksPerDay,
            "WEEKLY" => 7 * TimeSpan.TicksPerDay,
            _ => 0,
        };
        if (ticksPerUnit > 0)
        {
            long room = DateTimeOffset.MaxValue.UtcTicks - start.UtcTicks;
            return step <= room / ticksPerUnit ? start.AddTicks(step * ticksPerUnit) : null;
        }

        long months = unit switch
        {
            "MONTHLY" => step,
            "YEARLY" => step <= int.MaxValue ? step * 12 : long.MaxValue,
            _ => -1,
        };
        // Months left before the year 9999 ends; AddMonths keeps the day or takes the month's last, never past its month.
        long monthsLeft = ((9999L - start.Year) * 12) + (12 - start.Month);
        return months >= 0 && months <= monthsLeft ? start.AddMonths((int)months) : null;
    }
}

/// <summary>One run of a schedule: "FINISHED_SUCCESSFULLY, RETRY, FAILED_USER_ERROR" (bunq's SDKs, <c>ScheduleInstance.state</c>).</summary>
internal sealed record ScheduleInstance(long Id, DateTimeOffset Time, string State, long? PaymentId, string? Error)
{
    /// <summary>A batch schedule's run: the payment-batch it made (bunq's <c>result_object</c> is then a <c>PaymentBatch</c>).</summary>
    public long? BatchId { get; init; }
}

/// <summary>
/// Runs scheduled payments on the emulator's clock (<see cref="BunqEmulatorOptions.TimeProvider"/>): before any request is
/// handled, every run that has come due is made, in order, through the <see cref="Ledger"/>; an uncovered run is
/// recorded as FAILED_USER_ERROR and the schedule goes on. No timer: with a fake clock, advancing it and making any
/// call runs what is due, deterministically.
/// </summary>
internal static class ScheduleRunner
{
    /// <summary>At most this many runs per schedule per call, so an HOURLY schedule started years ago cannot stall a request.</summary>
    private const int MaxRunsPerCall = 1000;

    public static readonly string[] Units = ["ONCE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];

    /// <returns>Whether anything ran (state to persist).</returns>
    public static bool RunDue(EmulatorState state)
    {
        if (state.Schedules.Count == 0)
        {
            return false; // every call runs through here: most emulators never schedule anything
        }

        bool ran = false;
        DateTimeOffset now = state.Now;
        foreach (ScheduledPayment schedule in state.Schedules.Values.Where(s => s.Status == "ACTIVE").OrderBy(s => s.Id).ToList())
        {
            for (int i = 0; i < MaxRunsPerCall && schedule.Due(schedule.Runs) is { } due && due <= now; i++)
            {
                schedule.Instances.Add(Run(state, schedule, due));
                schedule.Runs++;
                ran = true;
            }

            if (schedule.Due(schedule.Runs) is null)
            {
                schedule.Status = "FINISHED";
                state.Events.Schedule(state, schedule, "FINISHED");
                ran = true;
            }
        }

        return ran;
    }

    /// <summary>
    /// One run: every order through the <see cref="Ledger"/>, all or nothing (a batch's payments are one payment-batch),
    /// recorded as a schedule-instance and raised as SCHEDULE_RESULT ("when a scheduled payment is executed").
    /// </summary>
    private static ScheduleInstance Run(EmulatorState state, ScheduledPayment schedule, DateTimeOffset due)
    {
        Account account = state.Accounts[schedule.AccountId];
        long? batchId = schedule.IsBatch ? state.NextId() : null;
        IReadOnlyList<Payment>? paid = state.Ledger.Execute(account, schedule.Orders, out string? refusal, batchId: batchId, scheduleId: schedule.Id);
        if (paid is not null && batchId is { } batch)
        {
            state.Batches.Add(batch, new PaymentBatch(batch, account.Id, paid.Select(p => p.Id).ToArray()));
        }

        var instance = new ScheduleInstance(state.NextId(), due, paid is null ? "FAILED_USER_ERROR" : "FINISHED_SUCCESSFULLY", paid?[0].Id, refusal)
        {
            BatchId = paid is null ? null : batchId,
        };
        state.Events.ScheduleRun(state, schedule, instance);
        return instance;
    }

    /// <summary>bunq's time format, <c>yyyy-MM-dd HH:mm:ss</c> with optional fractions, in UTC.</summary>
    public static bool TryTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
