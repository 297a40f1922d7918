using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bunq.Catalogue;

namespace Bunq.Emulator.Tests;

/// <summary>One hostile call: its category (for the counts), the path, the body's bytes (null: none), what was done.</summary>
/// <param name="Others">Set for the other user's ids in the path: its owner ids (user, account: never 2xx) or only its objects' ids.</param>
internal sealed record FuzzInput(string Category, string Path, byte[]? Body, string What, OthersIds Others = OthersIds.None);

internal enum OthersIds
{
    None,
    Objects,
    Owner,
}

/// <summary>
/// The hostile inputs for one operation, built from its catalogue entry: path ids that are 0, negative, huge,
/// non-numeric or the other user's; malformed JSON; each writable field with each wrong JSON type; required fields left
/// out; huge strings, arrays and bodies; deep nesting; odd Unicode and odd numbers in every field of that kind; the other
/// user's ids in integer fields. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal sealed class FuzzInputs(BunqCatalogue catalogue, Random random)
{
    /// <summary>Above Kestrel's default request-body limit (30,000,000 bytes).</summary>
    public const int BeyondBodyLimit = 31_000_000;

    private static readonly string[] BadIds =
        ["0", "-1", "9223372036854775807", "99999999999999999999", "abc", "1.5", "1e3", "%20", "%F0%9F%92%B8", "%00", "..", "1%2F2", "0x10", "%D9%A3"];

    private static readonly string[] BadQueries =
        ["count=-1", "count=abc", "count=1000000", "older_id=-5", "newer_id=99999999999999999999", "count=1&count=2", "older_id=%F0%9F%92%B8", "count="];

    /// <summary>Bodies no JSON reader accepts as bunq's object, as raw bytes.</summary>
    private static readonly byte[][] Malformed =
    [
        .. new[]
        {
            "{", "}", "{\"a\":}", "[", "nul", "tru", "\"unterminated", "{\"a\":1,}", "{'a':1}", "{\"a\":1}{\"b\":2}", "{} x", "[]", "null",
            "\"text\"", "42", "{\"a\":NaN}", "{\"a\":Infinity}", "/* c */{}", "{\"a\" 1}", "{\"\\uZZZZ\":1}", " ",
        }.Select(Encoding.UTF8.GetBytes),
        [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'], // a byte-order mark
        [0xFF, 0xFE, (byte)'{', 0, (byte)'}', 0], // UTF-16
        [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], // invalid UTF-8 in a name
    ];

    /// <summary>Odd strings as JSON literals (raw bytes: some are not valid UTF-8 on purpose).</summary>
    private static readonly byte[][] OddStrings =
    [
        .. new[]
        {
            "\"\\ud800\"", "\"\\udfff\\ud800x\"", "\"a\\u0000b\"", "\"\\u202egnp.exe\\u202c\"", "\"💸🏦👨‍👩‍👧\"", "\"é́́́\"",
            "\"\\ufeff\\uffff\\ufffe\"", "\"\\r\\nX-Injected: yes\"", "\"<script>alert(1)</script>\"", "\"\\u001b[31mred\"",
            "\"-1.00\"", "\"1e400\"", "\"NaN\"", "\"99999999999999999999999999.99\"", "\"\"", "\" 1.00 \"", "\"0.001\"", "\"EUR\\u0000\"",
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xC3, 0x28, (byte)'"'], // invalid UTF-8
        [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'], // an encoded surrogate
        [(byte)'"', 0xC0, 0xAF, (byte)'"'], // overlong
    ];

    private static readonly string[] OddNumbers = ["0", "-1", "9223372036854775807", "9223372036854775808", "1e400", "-0", "1.5", "-1E2", "123456789012345678901234567890"];

    private const string Marker = "\u0001fuzz\u0001";

    public int OthersIdsInBodies { get; private set; }

    /// <summary>
    /// The inputs for <paramref name="operation"/> at <paramref name="path"/> (the caller's own ids filled in);
    /// <paramref name="othersPaths"/> are the same route with one placeholder or all of them set to the other user's ids.
    /// </summary>
    public IEnumerable<FuzzInput> For(BunqOperation operation, string path, IReadOnlyList<(string Path, bool Owner)> othersPaths, IReadOnlyList<long> othersIds)
    {
        bool hasBody = operation.Verb is "POST" or "PUT";
        BunqObjectType? type = hasBody ? catalogue.Type(operation.RequestType) : null;
        JsonObject valid = CatalogueWalkTests.ValidBody(catalogue, type);
        byte[]? validBytes = hasBody ? Bytes(valid) : null;

        yield return new("valid", path, validBytes, "a body bunq's schema accepts");
        foreach ((string other, bool owner) in othersPaths)
        {
            yield return new("others-ids", other, validBytes, "the other user's ids in the path: " + other, owner ? OthersIds.Owner : OthersIds.Objects);
        }

        foreach ((int at, string _) in Segments(path))
        {
            foreach (string bad in Some(BadIds, 3))
            {
                yield return new("bad-ids", Replace(path, at, bad), validBytes, "path segment " + at + " = " + bad);
            }
        }

        if (operation.Verb == "GET" && operation.ResponseIsList)
        {
            foreach (string query in BadQueries)
            {
                yield return new("bad-query", path + "?" + query, null, query);
            }
        }

        foreach (byte[] malformed in hasBody ? Some(Malformed, 8) : Some(Malformed, 2))
        {
            yield return new("malformed-json", path, malformed, "body " + Describe(malformed));
        }

        yield return new("nesting", path, Encoding.UTF8.GetBytes(new string('[', 100_000)), "100,000 open arrays");
        yield return new("nesting", path, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 1_000)) + "1" + new string('}', 1_000)), "objects 1,000 deep");
        if (!hasBody)
        {
            yield break;
        }

        List<(BunqField Field, JsonObject Parent, string Path)> fields = Fields(type, valid).ToList();
        string first = fields.FirstOrDefault().Field?.Name ?? "emulator_unknown_field";
        yield return new("nesting", path, Splice(valid, first, new string('[', 1_000) + new string(']', 1_000)), first + " = arrays 1,000 deep");

        foreach ((BunqField field, JsonObject parent, string at) in fields)
        {
            foreach ((string kind, JsonNode? value) in WrongKinds(field))
            {
                yield return new("wrong-type", path, With(valid, parent, field.Name, value), at + " as " + kind);
            }
        }

        foreach ((BunqField field, JsonObject parent, string at) in fields.Where(f => f.Field.Required))
        {
            JsonObject copy = (JsonObject)valid.DeepClone();
            Find(copy, parent, valid)?.Remove(field.Name);
            yield return new("missing-field", path, Bytes(copy), "without " + at);
        }

        yield return new("missing-field", path, "{}"u8.ToArray(), "{}");
        yield return new("missing-field", path, [], "no body");

        foreach (FuzzInput huge in Huge(path, valid, fields))
        {
            yield return huge;
        }

        List<(BunqField Field, JsonObject Parent, string Path)> strings = fields.Where(f => f.Field.JsonType == "string" && !f.Field.IsArray).ToList();
        foreach (byte[] odd in strings.Count == 0 ? [] : Some(OddStrings, 12))
        {
            yield return new("odd-unicode", path, AllOf(valid, strings, odd), "every string field = " + Describe(odd));
        }

        List<(BunqField Field, JsonObject Parent, string Path)> numbers = fields.Where(f => f.Field.JsonType is "integer" or "number" && !f.Field.IsArray).ToList();
        foreach (string odd in numbers.Count == 0 ? [] : OddNumbers)
        {
            yield return new("odd-number", path, AllOf(valid, numbers, Encoding.UTF8.GetBytes(odd)), "every number field = " + odd);
        }

        foreach ((BunqField field, JsonObject parent, string at) in numbers.Where(f => f.Field.JsonType == "integer"))
        {
            long id = othersIds[random.Next(othersIds.Count)];
            OthersIdsInBodies++;
            yield return new("others-ids", path, With(valid, parent, field.Name, id), at + " = the other user's id " + id);
        }
    }

    /// <summary><paramref name="count"/> of <paramref name="all"/>, chosen by the seed (all of them with <c>BUNQ_FUZZ_ALL=1</c>).</summary>
    private IEnumerable<T> Some<T>(T[] all, int count) =>
        Environment.GetEnvironmentVariable("BUNQ_FUZZ_ALL") == "1" ? all : all.OrderBy(_ => random.Next()).Take(count).ToArray();

    private IEnumerable<FuzzInput> Huge(string path, JsonObject valid, List<(BunqField Field, JsonObject Parent, string Path)> fields)
    {
        (BunqField field, JsonObject parent, string at) = fields.FirstOrDefault(f => f.Field.JsonType == "string" && !f.Field.IsArray);
        yield return field is null
            ? new("huge", path, With(valid, valid, "emulator_unknown_field", new string('x', 1 << 20)), "an unknown field of 1 MiB")
            : new("huge", path, With(valid, parent, field.Name, new string('€', 1 << 19)), at + " = 512 Ki euro signs (1.5 MiB)");
        (field, parent, at) = fields.FirstOrDefault(f => f.Field.IsArray);
        if (field is not null)
        {
            yield return new("huge", path, Splice(valid, field.Name, "[" + string.Join(',', Enumerable.Repeat("{}", 100_000)) + "]", parent), at + " = 100,000 elements");
        }

        var many = (JsonObject)valid.DeepClone();
        for (int i = 0; i < 10_000; i++)
        {
            many["k" + i.ToString(CultureInfo.InvariantCulture)] = i;
        }

        yield return new("huge", path, Bytes(many), "10,000 unknown fields");
    }

    /// <summary>A body beyond the server's request-body limit.</summary>
    public static FuzzInput BeyondLimit(string path) => new("huge", path, Encoding.UTF8.GetBytes("{\"description\":\"" + new string('x', BeyondBodyLimit) + "\"}"), "31 MB, beyond the body limit");

    /// <summary>Writable fields, top level and one level into objects the valid body holds, with the object that holds each.</summary>
    private IEnumerable<(BunqField Field, JsonObject Parent, string Path)> Fields(BunqObjectType? type, JsonObject valid)
    {
        foreach (BunqField field in type?.Fields.Where(f => !f.ReadOnly) ?? [])
        {
            yield return (field, valid, field.Name);
            if (field is { JsonType: "object", IsArray: false } && valid[field.Name] is JsonObject nested
                && catalogue.Type(catalogue.SentAs(field.ObjectType)) is { } nestedType)
            {
                foreach (BunqField inner in nestedType.Fields.Where(f => !f.ReadOnly))
                {
                    yield return (inner, nested, field.Name + "." + inner.Name);
                }
            }
        }
    }

    private static IEnumerable<(string Kind, JsonNode? Value)> WrongKinds(BunqField field)
    {
        (string Kind, JsonNode? Value)[] all =
        [
            ("string", "x"), ("integer", 7), ("number", 1.25), ("boolean", true), ("object", new JsonObject()), ("array", new JsonArray()), ("null", null),
        ];
        foreach ((string kind, JsonNode? value) in all)
        {
            bool right = field.IsArray ? kind == "array"
                : kind == field.JsonType || (field.JsonType == "number" && kind == "integer");
            if (!right)
            {
                yield return (kind, value);
            }
        }

        if (field.IsArray)
        {
            yield return ("array of the wrong element", new JsonArray(field.JsonType == "string" ? 1 : "x"));
        }
    }

    private static IEnumerable<(int At, string Segment)> Segments(string path)
    {
        string[] parts = path.Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length > 0 && (char.IsDigit(parts[i][0]) || Guid.TryParse(parts[i], out _)))
            {
                yield return (i, parts[i]);
            }
        }
    }

    private static string Replace(string path, int at, string value)
    {
        string[] parts = path.Split('/');
        parts[at] = value;
        return string.Join('/', parts);
    }

    private static byte[] With(JsonObject valid, JsonObject parent, string name, JsonNode? value)
    {
        JsonObject copy = (JsonObject)valid.DeepClone();
        Find(copy, parent, valid)![name] = value;
        return Bytes(copy);
    }

    /// <summary>The copy's counterpart of <paramref name="parent"/> (the body itself or one of its objects).</summary>
    private static JsonObject? Find(JsonObject copy, JsonObject parent, JsonObject valid) =>
        ReferenceEquals(parent, valid) ? copy : valid.FirstOrDefault(p => ReferenceEquals(p.Value, parent)) is { Key: { } key } ? copy[key] as JsonObject : null;

    /// <summary>The valid body with <paramref name="name"/> (in <paramref name="parent"/>) set to raw JSON text.</summary>
    private static byte[] Splice(JsonObject valid, string name, string raw, JsonObject? parent = null) =>
        AllOf(valid, [(null!, parent ?? valid, name)], Encoding.UTF8.GetBytes(raw), byName: true);

    /// <summary>The valid body with every listed field set to the raw JSON bytes <paramref name="raw"/>.</summary>
    private static byte[] AllOf(JsonObject valid, List<(BunqField Field, JsonObject Parent, string Path)> fields, byte[] raw, bool byName = false)
    {
        JsonObject copy = (JsonObject)valid.DeepClone();
        foreach ((BunqField field, JsonObject parent, string _) in fields)
        {
            Find(copy, parent, valid)![byName ? fields[0].Path : field.Name] = Marker;
        }

        byte[] text = Bytes(copy);
        byte[] marker = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Marker));
        var output = new List<byte>(text.Length + raw.Length);
        for (int i = 0; i < text.Length;)
        {
            if (text.AsSpan(i).StartsWith(marker))
            {
                output.AddRange(raw);
                i += marker.Length;
            }
            else
            {
                output.Add(text[i++]);
            }
        }

        return [.. output];
    }

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static string Describe(byte[] bytes)
    {
        string text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 40));
        return string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD' ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
