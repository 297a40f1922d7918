using System.Globalization;
using System.Text.Json.Serialization;

namespace Bunq;

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
