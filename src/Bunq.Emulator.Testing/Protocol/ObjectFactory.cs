using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.Catalogue;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// The emulator's one object factory: an object of one of bunq's types has the catalogue's shape (every readable field,
/// each of its JSON type) and, where the emulator keeps state, the state's values (<see cref="Build"/>). A field the
/// state does not know gets a plausible value chosen by its name (times, currency, status, uuids, amounts), nested
/// objects to a few levels and empty arrays; a union type (every field a type name, such as UserApiKeyAnchoredUser)
/// gets its first case. Modelled routes (<see cref="BunqObjects"/>) and catalogue-answered ones (<see cref="Answerer"/>)
/// both build here.
/// </summary>
internal sealed class ObjectFactory(BunqCatalogue catalogue, TimeProvider time)
{
    private const int MaxDepth = 3;
    private readonly ConcurrentDictionary<BunqObjectType, FieldPlan[]> _plans = new(ReferenceEqualityComparer.Instance);

    public static bool IsUnion(BunqObjectType type) => type.IsDescribed && type.Fields.All(f => char.IsUpper(f.Name[0]));

    /// <summary>
    /// The object of bunq's type <paramref name="typeName"/> with id <paramref name="id"/>: the schema's shape with
    /// <paramref name="values"/> (what the state knows) laid over it. A value for a field bunq does not publish is kept
    /// only where bunq is known to send it (the schema test names each such field).
    /// </summary>
    public JsonObject Build(string typeName, long id, User owner, JsonObject values)
    {
        BunqObjectType type = catalogue.Type(typeName) ?? throw new InvalidOperationException($"bunq's catalogue has no type {typeName}.");
        // A field the state knows takes the state's value in the schema's place; only the others are made up. (Making
        // every field up first and then replacing most of them built nested objects, a label with its avatar, to throw away.)
        var seed = new Seed(id, owner, time);
        var result = new JsonObject();
        foreach (FieldPlan field in PlanOf(type))
        {
            result[field.Name] = values.Remove(field.Name, out JsonNode? known) ? known : Value(field, seed, depth: 0);
        }

        foreach ((string name, JsonNode? value) in values.ToArray())
        {
            values.Remove(name);
            result[name] = value; // fields bunq sends beyond its published schema, after the schema's own
        }

        return result;
    }

    /// <summary>
    /// Writes the object of bunq's type <paramref name="typeName"/> straight to <paramref name="writer"/>, as
    /// <see cref="Build"/> would answer it without the node tree: each readable field in the schema's order, written by
    /// <paramref name="known"/> when the state knows it (it writes the name and the value and returns true), else made up.
    /// A field the state knows must be one of the schema's: there is no place for others here.
    /// </summary>
    public void Write<T>(Utf8JsonWriter writer, string typeName, long id, User owner, T values, KnownField<T> known)
    {
        BunqObjectType type = catalogue.Type(typeName) ?? throw new InvalidOperationException($"bunq's catalogue has no type {typeName}.");
        var seed = new Seed(id, owner, time);
        writer.WriteStartObject();
        foreach (FieldPlan field in PlanOf(type))
        {
            if (!known(writer, field.Encoded, values))
            {
                writer.WritePropertyName(field.Encoded);
                WriteValue(writer, field, seed);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the field <paramref name="name"/> of an object from <paramref name="values"/> when the state knows it.</summary>
    public delegate bool KnownField<in T>(Utf8JsonWriter writer, JsonEncodedText name, T values);

    // Value's made-up value, written: the same JSON, without the node for the simple kinds.
    private void WriteValue(Utf8JsonWriter writer, FieldPlan field, Seed seed)
    {
        switch (field.Kind)
        {
            case ValueKind.Null:
                writer.WriteNullValue();
                break;
            case ValueKind.EmptyArray:
                writer.WriteStartArray();
                writer.WriteEndArray();
                break;
            case ValueKind.Id:
                writer.WriteNumberValue(seed.Id);
                break;
            case ValueKind.UserId:
                writer.WriteNumberValue(seed.Owner.Id);
                break;
            case ValueKind.Zero:
                writer.WriteNumberValue(0);
                break;
            case ValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            case ValueKind.Text:
                writer.WriteStringValue(field.Text);
                break;
            case ValueKind.Now:
                writer.WriteStringValue(seed.Now);
                break;
            default:
                if (Value(field, seed, depth: 0) is { } value)
                {
                    value.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
        }
    }

    /// <summary>The readable object of <paramref name="type"/> with <paramref name="id"/> as its id.</summary>
    public JsonObject Object(BunqObjectType type, long id, User owner) => Object(type, new Seed(id, owner, time), depth: 0);

    private JsonObject Object(BunqObjectType type, Seed seed, int depth)
    {
        var result = new JsonObject();
        foreach (FieldPlan field in PlanOf(type))
        {
            result[field.Name] = Value(field, seed, depth);
        }

        return result;
    }

    private JsonNode? Value(FieldPlan field, Seed seed, int depth) => field.Kind switch
    {
        ValueKind.EmptyArray => new JsonArray(), // an empty list is a value bunq gives for most collections of a fresh object
        ValueKind.Id => seed.Id,
        ValueKind.UserId => seed.Owner.Id,
        ValueKind.Zero => 0,
        ValueKind.False => false,
        ValueKind.Text => field.Text,
        ValueKind.Now => seed.Now,
        ValueKind.Date => seed.Date,
        ValueKind.Iban => "NL" + (seed.Id % 97).ToString("00", CultureInfo.InvariantCulture) + "BUNQ" + (seed.Id % 10_000_000_000).ToString("0000000000", CultureInfo.InvariantCulture),
        ValueKind.DisplayName => seed.Owner.DisplayName,
        ValueKind.NickName => seed.Owner.DisplayName.Split(' ')[0],
        ValueKind.Uuid => DeterministicUuid(field.Text!, seed.Id),
        ValueKind.EmptyObject => new JsonObject(),
        ValueKind.Amount => Amount(0m, "EUR"),
        ValueKind.Nested => depth >= MaxDepth ? null : Object(field.Nested!, seed, depth + 1),
        _ => null,
    };

    /// <summary>
    /// What each readable field of <paramref name="type"/> gets, worked out from the catalogue once per type rather than
    /// per object: objects are built on every answer and every event, and a payment's or a user's has dozens of fields.
    /// </summary>
    private FieldPlan[] PlanOf(BunqObjectType type) =>
        ReferenceEquals(catalogue.Type(type.Name), type) ? _plans.GetOrAdd(type, Plan) : Plan(type); // only the catalogue's own types are cached

    private FieldPlan[] Plan(BunqObjectType type)
    {
        IEnumerable<BunqField> fields = IsUnion(type) ? type.Fields.Take(1) : type.Fields;
        return fields.Where(f => !f.WriteOnly).Select(f => Plan(f, type.Name)).ToArray();
    }

    // The kind of value a field of an object of type `kind` gets, by its JSON type and name (the rules of a fresh object).
    private FieldPlan Plan(BunqField field, string kind)
    {
        if (field.IsArray)
        {
            return new(field.Name, ValueKind.EmptyArray);
        }

        return field.JsonType switch
        {
            "integer" => new(field.Name, field.Name switch
            {
                "id" => ValueKind.Id,
                "user_id" => ValueKind.UserId,
                _ when field.Name.EndsWith("_id", StringComparison.Ordinal) => ValueKind.Null, // a reference bunq fills only when there is one
                _ => ValueKind.Zero,
            }),
            "number" => new(field.Name, ValueKind.Zero),
            "boolean" => new(field.Name, ValueKind.False),
            "string" => Text(field.Name, kind),
            _ => Nested(field),
        };
    }

    private FieldPlan Nested(BunqField field)
    {
        BunqObjectType? type = catalogue.Type(field.ObjectType);
        if (type is null || !type.IsDescribed)
        {
            return new(field.Name, ValueKind.EmptyObject);
        }

        return type.Field("value") is not null && type.Field("currency") is not null && type.Fields.Count == 2
            ? new(field.Name, ValueKind.Amount) // Amount and its look-alikes
            : new(field.Name, ValueKind.Nested, Nested: type);
    }

    private static FieldPlan Text(string name, string kind) => name switch
    {
        "created" or "updated" => new(name, ValueKind.Now),
        "currency" => new(name, ValueKind.Text, "EUR"),
        "status" => new(name, ValueKind.Text, "ACTIVE"),
        "country" or "nationality" => new(name, ValueKind.Text, "NL"),
        "language" => new(name, ValueKind.Text, "en_US"),
        "region" => new(name, ValueKind.Text, "nl_NL"),
        "iban" => new(name, ValueKind.Iban),
        "display_name" or "name" or "legal_name" => new(name, ValueKind.DisplayName),
        "public_nick_name" => new(name, ValueKind.NickName),
        "value" or "balance" => new(name, ValueKind.Text, "0.00"),
        "description" => new(name, ValueKind.Text, "Emulated " + kind),
        _ when name.Contains("uuid", StringComparison.Ordinal) => new(name, ValueKind.Uuid, kind + "/" + name),
        _ when name.StartsWith("time", StringComparison.Ordinal) || name.EndsWith("_time", StringComparison.Ordinal)
            || name.EndsWith("_at", StringComparison.Ordinal) || name.Contains("expiry", StringComparison.Ordinal) => new(name, ValueKind.Now),
        _ when name.Contains("date", StringComparison.Ordinal) => new(name, ValueKind.Date),
        _ when name.Contains("url", StringComparison.Ordinal) => new(name, ValueKind.Null), // no link to give
        _ => new(name, ValueKind.Text, string.Empty),
    };

    /// <summary>A stable name-based UUID (version 5 layout) for an object.</summary>
    public static string DeterministicUuid(string kind, long id)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kind + "/" + id.ToString(CultureInfo.InvariantCulture)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(Convert.ToHexString(hash, 0, 16)).ToString("D");
    }

    private enum ValueKind { Null, EmptyArray, Id, UserId, Zero, False, Text, Now, Date, Iban, DisplayName, NickName, Uuid, EmptyObject, Amount, Nested }

    /// <summary>One readable field of a type: its name and the kind of value it gets.</summary>
    /// <param name="Name">The field's JSON name.</param>
    /// <param name="Kind">The kind of value.</param>
    /// <param name="Text">The value of a <see cref="ValueKind.Text"/> field; the name a <see cref="ValueKind.Uuid"/> is derived from.</param>
    /// <param name="Nested">The type of a <see cref="ValueKind.Nested"/> object.</param>
    private readonly record struct FieldPlan(string Name, ValueKind Kind, string? Text = null, BunqObjectType? Nested = null)
    {
        /// <summary>The name as <see cref="Write{T}"/> writes it, encoded once per type.</summary>
        public JsonEncodedText Encoded { get; } = JsonEncodedText.Encode(Name);
    }

    /// <summary>One object being built: its id and owner, and the clock read once for all its times.</summary>
    private sealed class Seed(long id, User owner, TimeProvider time)
    {
        private DateTimeOffset? _today;
        private string? _now;
        private string? _date;

        public long Id => id;

        public User Owner => owner;

        public string Now => _now ??= Time(Today);

        public string Date => _date ??= Today.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private DateTimeOffset Today => _today ??= time.GetUtcNow();
    }
}
