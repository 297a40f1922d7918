using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    public static IResult Ok(params JsonObject[] items) => Ok(items, pagination: null);

    public static IResult Ok(IEnumerable<JsonObject> items, JsonObject? pagination)
    {
        var root = new JsonObject { ["Response"] = new JsonArray(items.Cast<JsonNode>().ToArray()) };
        if (pagination is not null)
        {
            root["Pagination"] = pagination;
        }

        return new JsonResult(root, 200);
    }

    public static IResult Error(int status, string description) =>
        new JsonResult(ErrorBody(description), status);

    public static JsonObject ErrorBody(string description) => new()
    {
        ["Error"] = new JsonArray(new JsonObject
        {
            ["error_description"] = description,
            ["error_description_translated"] = description,
        }),
    };

    public static JsonObject Amount(decimal value, string currency) => new() { ["value"] = Money(value), ["currency"] = currency };

    /// <summary>A tiny <see cref="IResult"/> that writes a JSON node without reflection.</summary>
    private sealed class JsonResult(JsonNode body, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            if (httpContext.Response.Body is MemoryStream buffered)
            {
                // Inside the protocol middleware the answer is buffered (to be signed): no asynchronous flush is needed.
                using var direct = new Utf8JsonWriter(buffered);
                body.WriteTo(direct);
                return;
            }

            await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
            body.WriteTo(writer);
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
