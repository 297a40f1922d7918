using System.Globalization;
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

    public static bool IsUnion(BunqObjectType type) => type.IsDescribed && type.Fields.All(f => char.IsUpper(f.Name[0]));

    /// <summary>
    /// The object of bunq's type <paramref name="typeName"/> with id <paramref name="id"/>: the schema's shape with
    /// <paramref name="values"/> (what the state knows) laid over it. A value for a field bunq does not publish is kept
    /// only where bunq is known to send it (the schema test names each such field).
    /// </summary>
    public JsonObject Build(string typeName, long id, User owner, JsonObject values)
    {
        BunqObjectType type = catalogue.Type(typeName) ?? throw new InvalidOperationException($"bunq's catalogue has no type {typeName}.");
        JsonObject result = Object(type, id, owner);
        foreach ((string name, JsonNode? value) in values.ToArray())
        {
            values.Remove(name);
            result[name] = value;
        }

        return result;
    }

    /// <summary>The readable object of <paramref name="type"/> with <paramref name="id"/> as its id.</summary>
    public JsonObject Object(BunqObjectType type, long id, User owner) => Object(type, new Seed(id, owner, type.Name), depth: 0);

    private JsonObject Object(BunqObjectType type, Seed seed, int depth)
    {
        var result = new JsonObject();
        IEnumerable<BunqField> fields = IsUnion(type) ? type.Fields.Take(1) : type.Fields;
        foreach (BunqField field in fields.Where(f => !f.WriteOnly))
        {
            result[field.Name] = Value(field, seed, depth);
        }

        return result;
    }

    private JsonNode? Value(BunqField field, Seed seed, int depth)
    {
        if (field.IsArray)
        {
            return new JsonArray(); // an empty list is a value bunq gives for most collections of a fresh object
        }

        return field.JsonType switch
        {
            "integer" => Integer(field.Name, seed),
            "number" => 0,
            "boolean" => false,
            "string" => Text(field.Name, seed),
            _ => Nested(field, seed, depth),
        };
    }

    private JsonNode? Nested(BunqField field, Seed seed, int depth)
    {
        BunqObjectType? type = catalogue.Type(field.ObjectType);
        if (type is null || !type.IsDescribed)
        {
            return new JsonObject();
        }

        if (type.Field("value") is not null && type.Field("currency") is not null && type.Fields.Count == 2)
        {
            return Amount(0m, "EUR"); // Amount and its look-alikes
        }

        return depth >= MaxDepth ? null : Object(type, seed with { Kind = type.Name }, depth + 1);
    }

    private static JsonNode? Integer(string name, Seed seed) => name switch
    {
        "id" => seed.Id,
        "user_id" => seed.Owner.Id,
        _ when name.EndsWith("_id", StringComparison.Ordinal) => null, // a reference bunq fills only when there is one
        _ => 0,
    };

    private string? Text(string name, Seed seed)
    {
        DateTimeOffset today = time.GetUtcNow();
        string now = Time(today);
        return name switch
        {
            "created" or "updated" => now,
            "currency" => "EUR",
            "status" => "ACTIVE",
            "country" or "nationality" => "NL",
            "language" => "en_US",
            "region" => "nl_NL",
            "iban" => "NL" + (seed.Id % 97).ToString("00", CultureInfo.InvariantCulture) + "BUNQ" + (seed.Id % 10_000_000_000).ToString("0000000000", CultureInfo.InvariantCulture),
            "display_name" or "name" or "legal_name" => seed.Owner.DisplayName,
            "public_nick_name" => seed.Owner.DisplayName.Split(' ')[0],
            "value" or "balance" => "0.00",
            "description" => "Emulated " + seed.Kind,
            _ when name.Contains("uuid", StringComparison.Ordinal) => DeterministicUuid(seed.Kind + "/" + name, seed.Id),
            _ when name.StartsWith("time", StringComparison.Ordinal) || name.EndsWith("_time", StringComparison.Ordinal)
                || name.EndsWith("_at", StringComparison.Ordinal) || name.Contains("expiry", StringComparison.Ordinal) => now,
            _ when name.Contains("date", StringComparison.Ordinal) => today.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ when name.Contains("url", StringComparison.Ordinal) => null, // no link to give
            _ => string.Empty,
        };
    }

    /// <summary>A stable name-based UUID (version 5 layout) for an object.</summary>
    public static string DeterministicUuid(string kind, long id)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kind + "/" + id.ToString(CultureInfo.InvariantCulture)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(Convert.ToHexString(hash, 0, 16)).ToString("D");
    }

    private readonly record struct Seed(long Id, User Owner, string Kind);
}
