using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunq;

/// <summary>bunq's timestamps: UTC, <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, no zone designator.</summary>
internal sealed class BunqTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The wire format.</summary>
    public const string Format = "yyyy-MM-dd HH:mm:ss.ffffff";

    /// <inheritdoc/>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        if (text is not null && DateTimeOffset.TryParseExact(
                text, [Format, "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value))
        {
            return value;
        }

        throw new JsonException($"'{text}' is not a bunq timestamp ({Format}, UTC).");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
