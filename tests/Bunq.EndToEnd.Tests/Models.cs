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
