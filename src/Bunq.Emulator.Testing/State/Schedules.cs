using System.Globalization;

namespace Bunq.Emulator;

/// <summary>A scheduled payment: one payment order that runs on the emulator's clock (bunq's <c>schedule-payment</c> and its <c>schedule</c>).</summary>
internal sealed class ScheduledPayment(long id, long accountId, PaymentOrder order, DateTimeOffset start, DateTimeOffset? end, string unit, int size)
{
    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    public PaymentOrder Order { get; } = order;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset? End { get; } = end;

    /// <summary>ONCE, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY; "size 4 and unit WEEKLY means the recurrence is every 4 weeks" (bunq's SDKs, <c>Schedule</c>).</summary>
    public string Unit { get; } = unit;

    public int Size { get; } = size;

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
internal sealed record ScheduleInstance(long Id, DateTimeOffset Time, string State, long? PaymentId, string? Error);

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
                IReadOnlyList<Payment>? paid = state.Ledger.Execute(state.Accounts[schedule.AccountId], [schedule.Order], out string? refusal, scheduleId: schedule.Id);
                schedule.Instances.Add(new ScheduleInstance(state.NextId(), due, paid is null ? "FAILED_USER_ERROR" : "FINISHED_SUCCESSFULLY", paid?[0].Id, refusal));
                schedule.Runs++;
                ran = true;
            }

            if (schedule.Due(schedule.Runs) is null)
            {
                schedule.Status = "FINISHED";
                ran = true;
            }
        }

        return ran;
    }

    /// <summary>bunq's time format, <c>yyyy-MM-dd HH:mm:ss</c> with optional fractions, in UTC.</summary>
    public static bool TryTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
