using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Bunq.Emulator;

/// <summary>Writes bunq's response shapes: <c>{"Response":[{"Type":{...}}]}</c>, pagination and <c>{"Error":[...]}</c>.</summary>
internal static class BunqJsonWriter
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    public static string Time(DateTimeOffset value) => string.Create(TimeFormat.Length, value.UtcDateTime, static (text, time) =>
    {
        // TimeFormat written digit by digit: the runtime's custom-format path parsed the pattern for every timestamp
        // of every object (two or more per answer and per event); the output is the same (BunqJsonWriterTests).
        Digits(text[..4], time.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), time.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), time.Day);
        text[10] = ' ';
        Digits(text.Slice(11, 2), time.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), time.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), time.Second);
        text[19] = '.';
        Digits(text.Slice(20, 6), (int)(time.Ticks % TimeSpan.TicksPerSecond / 10));
    });

    private static void Digits(Span<char> into, int value)
    {
        for (int i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static JsonObject Item(string type, JsonNode value) => new() { [type] = value };

    public static JsonObject Id(long id) => Item("Id", new JsonObject { ["id"] = id });

    public static IResult Ok(params JsonNode[] items) => Ok(items, pagination: null);

    /// <summary>bunq's answer <c>{"Response":[…],"Pagination":{…}}</c>; the items are taken now (under the state's lock) and written later.</summary>
    public static IResult Ok(IEnumerable<JsonNode> items, JsonObject? pagination) => new JsonResult(null, items.ToArray(), pagination, 200);

    public static IResult Error(int status, string description) =>
        new JsonResult(ErrorBody(description), null, null, status);

    public static JsonObject ErrorBody(string description) => new()
    {
        ["Error"] = new JsonArray(new JsonObject
        {
            ["error_description"] = description,
            ["error_description_translated"] = description,
        }),
    };

    public static JsonObject Amount(decimal value, string currency) => new() { ["value"] = Money(value), ["currency"] = currency };

    public static void WriteAmount(Utf8JsonWriter writer, JsonEncodedText name, decimal value, string currency)
    {
        writer.WriteStartObject(name);
        writer.WriteString("value"u8, Money(value));
        writer.WriteString("currency"u8, currency);
        writer.WriteEndObject();
    }

    /// <summary>
    /// A JSON value already written as UTF-8 text (<see cref="Utf8"/>), placed in a node tree as it is: written out
    /// byte for byte. The objects answered most (a user, a payment, their labels) are written straight rather than
    /// built as node trees first (docs/benchmarks.md, P6 round four); their readers only place them in answers.
    /// </summary>
    public static JsonNode Raw(byte[] utf8) => JsonValue.Create(new RawText(utf8), RawJson.Info)!;

    /// <summary>What <paramref name="write"/> writes for <paramref name="values"/>, as UTF-8 JSON text.</summary>
    public static byte[] Utf8<T>(T values, Action<Utf8JsonWriter, T> write)
    {
        // One buffer and writer per thread, taken while in use (a nested call makes its own).
        (ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer) = t_writer ?? (new ArrayBufferWriter<byte>(2048), new Utf8JsonWriter(Stream.Null));
        t_writer = null;
        try
        {
            writer.Reset(buffer);
            write(writer, values);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= 64 * 1024)
            {
                t_writer = (buffer, writer); // a thread keeps no large buffer (a long batch's answer)
            }
        }
    }

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writer;

    /// <summary>JSON text written by a <see cref="Utf8JsonWriter"/>, to be written again as it is.</summary>
    private sealed record RawText(byte[] Utf8);

    /// <summary>Writes a raw node's bytes as they are (they were written by a <see cref="Utf8JsonWriter"/>).</summary>
    private sealed class RawJson : JsonConverter<RawText>
    {
        public static readonly JsonTypeInfo<RawText> Info =
            JsonMetadataServices.CreateValueInfo<RawText>(new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, new RawJson());

        public override RawText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A raw JSON value is written only.");

        public override void Write(Utf8JsonWriter writer, RawText value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8, skipInputValidation: true);
    }

    /// <summary>
    /// A tiny <see cref="IResult"/> that writes a JSON node without reflection: <paramref name="body"/>, or bunq's answer
    /// around <paramref name="items"/> written straight (no root object or array built to hold them).
    /// </summary>
    private sealed class JsonResult(JsonNode? body, JsonNode[]? items, JsonObject? pagination, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            if (httpContext.Response.Body is MemoryStream buffered)
            {
                // Inside the protocol middleware the answer is buffered (to be signed): no asynchronous flush is needed.
                using var direct = new Utf8JsonWriter(buffered);
                Write(direct);
                return;
            }

            await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
            Write(writer);
        }

        private void Write(Utf8JsonWriter writer)
        {
            if (body is not null)
            {
                body.WriteTo(writer);
                return;
            }

            writer.WriteStartObject();
            writer.WriteStartArray("Response"u8);
            foreach (JsonNode item in items!)
            {
                if (item is JsonValue value && value.TryGetValue(out RawText? raw))
                {
                    writer.WriteRawValue(raw.Utf8, skipInputValidation: true); // a raw item (Raw), without the serializer's round
                }
                else
                {
                    item.WriteTo(writer);
                }
            }

            writer.WriteEndArray();
            if (pagination is not null)
            {
                writer.WritePropertyName("Pagination"u8);
                pagination.WriteTo(writer);
            }

            writer.WriteEndObject();
        }
    }
}

/// <summary>Request-body reading helpers: bunq answers malformed input with 400 and a description.</summary>
internal static class RequestJson
{
    public static JsonElement? Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            // Text that cannot be read (invalid UTF-8, a lone surrogate) is no body a route can use: the same as none.
            return SchemaValidator.HasInvalidText(document.RootElement) ? null : document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(this JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement? Child(this JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out JsonElement value) ? value : null;

    /// <summary>A positive amount with at most two decimals (bunq's smallest unit is the cent) and a 3-letter currency.</summary>
    public static bool TryAmount(this JsonElement? element, string name, out decimal value, out string currency)
    {
        JsonElement? amount = element.Child(name);
        currency = amount.String("currency") ?? string.Empty;
        string text = amount.String("value") ?? string.Empty;
        int point = text.IndexOf('.', StringComparison.Ordinal);
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && (point < 0 || text.Length - point - 1 <= 2)
            && value > 0 && currency.Length == 3 && currency.All(char.IsAsciiLetterUpper);
    }
}
