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

    /// <summary>When run number <paramref name="n"/> is due; null when the recurrence has no such run.</summary>
    public DateTimeOffset? Due(int n)
    {
        if (Unit == "ONCE" && n > 0)
        {
            return null;
        }

        long step = (long)n * Size;
        DateTimeOffset due = Unit switch
        {
            "HOURLY" => Start.AddHours(step),
            "DAILY" => Start.AddDays(step),
            "WEEKLY" => Start.AddDays(7 * step),
            "MONTHLY" => Start.AddMonths((int)step),
            "YEARLY" => Start.AddYears((int)step),
            _ => Start,
        };
        return End is { } end && due > end ? null : due;
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
