using System.Text.Json.Serialization;

namespace Bunq.EndToEnd.Tests;

public sealed record MonetaryAccountBank
{
    public long Id { get; init; }

    public string Description { get; init; } = "";

    public BunqAmount Balance { get; init; } = BunqAmount.Of(0, "EUR");

    public DateTimeOffset Created { get; init; }
}

public sealed record NewPayment(BunqAmount Amount, BunqPointer CounterpartyAlias, string Description);

public sealed record Payment
{
    public long Id { get; init; }

    public BunqAmount Amount { get; init; } = BunqAmount.Of(0, "EUR");

    public string Description { get; init; } = "";
}

public sealed record NewRequestInquiry(
    [property: JsonPropertyName("amount_inquired")] BunqAmount AmountInquired,
    BunqPointer CounterpartyAlias,
    string Description,
    bool AllowBunqme);

/// <summary>A schedule-payment's create or PUT body: its payment and/or its schedule (a null one is not sent).</summary>
public sealed record NewSchedulePayment(NewPayment? Payment, PaymentSchedule? Schedule);

public sealed record PaymentSchedule(string TimeStart, string RecurrenceUnit, int RecurrenceSize);

/// <summary>What bunq answers for a schedule-payment (SchedulePaymentRead): its payment, schedule and status.</summary>
public sealed record ScheduledPayment
{
    public ScheduledEntry Payment { get; init; } = new();

    public PaymentSchedule? Schedule { get; init; }

    public string Status { get; init; } = "";
}

public sealed record ScheduledEntry
{
    public BunqAmount Amount { get; init; } = BunqAmount.Of(0, "EUR");

    public string Description { get; init; } = "";
}
