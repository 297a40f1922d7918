using System.Globalization;
using System.Text.Json.Serialization;

namespace Bunq;

/// <summary>The <c>{"Id":{"id":N}}</c> bunq returns from create and update calls. Ids are 64-bit.</summary>
public sealed record BunqId
{
    /// <summary>The id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }
}

/// <summary>The <c>{"Uuid":{"uuid":"..."}}</c> some create calls return.</summary>
public sealed record BunqUuid
{
    /// <summary>The uuid.</summary>
    [JsonPropertyName("uuid")]
    public string Uuid { get; init; } = string.Empty;
}

/// <summary>An amount: bunq sends decimals as strings (<c>{"value":"12.50","currency":"EUR"}</c>) so nothing is lost to floating point.</summary>
public sealed record BunqAmount
{
    /// <summary>Creates an amount from its wire form.</summary>
    public BunqAmount(string value, string currency)
    {
        Value = value;
        Currency = currency;
    }

    /// <summary>The decimal value as bunq writes it.</summary>
    [JsonPropertyName("value")]
    public string Value { get; init; }

    /// <summary>ISO 4217 currency code.</summary>
    [JsonPropertyName("currency")]
    public string Currency { get; init; }

    /// <summary>Creates an amount, written with two decimals in invariant culture.</summary>
    public static BunqAmount Of(decimal value, string currency) =>
        new(value.ToString("0.00", CultureInfo.InvariantCulture), currency);

    /// <summary>The value as a decimal.</summary>
    /// <exception cref="FormatException">The server sent something that is not a decimal.</exception>
    public decimal ToDecimal() => decimal.Parse(Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string ToString() => $"{Value} {Currency}";
}

/// <summary>A bunq alias: an IBAN, e-mail or phone number with a display name.</summary>
public sealed record BunqPointer
{
    /// <summary><c>IBAN</c>, <c>EMAIL</c> or <c>PHONE_NUMBER</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    /// <summary>The IBAN, address or number.</summary>
    [JsonPropertyName("value")]
    public string Value { get; init; } = string.Empty;

    /// <summary>The display name (required for IBAN payments).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

/// <summary>
/// One page of a bunq list (<c>{"Response":[{"Payment":{...}},...],"Pagination":{...}}</c>). Not itself a collection,
/// so JSON metadata for it stays an object and can be source-generated; iterate <see cref="Items"/>.
/// </summary>
public sealed class BunqList<T> : IBunqListBuilder
{
    private readonly List<T> _items = [];

    /// <summary>The items, in bunq's order (newest first for payments).</summary>
    public IReadOnlyList<T> Items => _items;

    /// <summary>Links to the neighbouring pages.</summary>
    public BunqPagination Pagination { get; private set; } = BunqPagination.None;

    Type IBunqListBuilder.ItemType => typeof(T);

    void IBunqListBuilder.Add(object? item) => _items.Add((T)item!);

    void IBunqListBuilder.SetPagination(BunqPagination pagination) => Pagination = pagination;
}

internal interface IBunqListBuilder
{
    Type ItemType { get; }

    void Add(object? item);

    void SetPagination(BunqPagination pagination);
}
