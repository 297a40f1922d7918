using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// Reads a file of the data directory and, when it is wrong, says which file and where (<c>users[3].kind</c>) in one
/// <see cref="InvalidDataException"/> — never what it holds: the state file keeps API keys, tokens and public keys, so
/// no value (nor a framework message that may quote one, such as a missing dictionary key) reaches the message.
/// </summary>
internal sealed class StateFileReader(string file)
{
    /// <summary>Where the reader is: a section (<c>"ledger"</c>) or an item of one (<c>users[3]</c>).</summary>
    public string Place { get; private set; } = string.Empty;

    // The section entered last (SectionObject, SectionList): the lists read from it are named from it; empty at the top.
    private string _section = string.Empty;

    /// <summary>The error for this file: its name, then <paramref name="what"/> is wrong; the folder was left as it was.</summary>
    public InvalidDataException Error(string what) =>
        new($"{file}: {what}. Nothing in the folder was changed; fix the file or move it away.");

    /// <summary>Runs <paramref name="read"/>, turning what a malformed file makes the JSON and collection types throw into <see cref="Error"/> at <see cref="Place"/>.</summary>
    public void Read(Action read)
    {
        try
        {
            read();
        }
        catch (JsonException e)
        {
            throw Error($"is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException
                                      or KeyNotFoundException or NullReferenceException or CryptographicException)
        {
            // the exception's own message may quote a value (a key it did not find, a value it could not parse): left out
            throw Error($"{(Place.Length == 0 ? "the top level" : Place)} has a field that is missing, of the wrong type or refers to an entry the file does not hold");
        }
    }

    /// <summary>
    /// The section object <paramref name="name"/> of the top level, whose places are then named from it
    /// (<c>ledger.drafts[0].entries[1].amount</c>); null when the file has none (written before the section was kept).
    /// </summary>
    public JsonObject? SectionObject(JsonNode root, string name) => EnterSection(root, name) switch
    {
        null => null,
        JsonObject section => section,
        _ => throw Error($"{name} is not an object"),
    };

    /// <summary>The section list <paramref name="name"/> of the top level (its items <c>generic[3]</c>); null when the file has none.</summary>
    public JsonArray? SectionList(JsonNode root, string name) => EnterSection(root, name) switch
    {
        null => null,
        JsonArray section => section,
        _ => throw Error($"{name} is not a list"),
    };

    private JsonNode? EnterSection(JsonNode root, string name)
    {
        _section = name;
        Place = name;
        return root[name];
    }

    /// <summary>
    /// The items of the list <paramref name="name"/> in <paramref name="parent"/> (the top level, or the section entered
    /// last), each setting <see cref="Place"/> to <c>users[3]</c> or <c>ledger.responses[3]</c>. With
    /// <paramref name="optional"/>, a list the file does not have (written before it was kept) has no items.
    /// </summary>
    public IEnumerable<JsonNode> Items(JsonNode parent, string name, bool optional = false)
    {
        string list = _section.Length == 0 ? name : $"{_section}.{name}";
        Place = list;
        switch (parent[name])
        {
            case null when optional:
                yield break;
            case JsonArray items:
                for (int i = 0; i < items.Count; i++)
                {
                    Place = $"{list}[{i}]";
                    yield return items[i] ?? throw Error($"{Place} is null");
                }

                break;
            default:
                throw Error($"\"{list}\" is missing or not a list");
        }
    }

    /// <summary>The items of <paramref name="list"/>, a section that is itself a list, each at <c>generic[3]</c>.</summary>
    public IEnumerable<JsonNode> Items(JsonArray list)
    {
        for (int i = 0; i < list.Count; i++)
        {
            Place = $"{_section}[{i}]";
            yield return list[i] ?? throw Error($"{Place} is null");
        }
    }

    /// <summary>
    /// Reads each item of the list field <paramref name="name"/> of the current item with <paramref name="read"/>, at
    /// <c>ledger.drafts[0].entries[1]</c>; <see cref="Place"/> is the current item's again afterwards.
    /// </summary>
    public T[] List<T>(JsonNode node, string name, Func<JsonNode, T> read)
    {
        string owner = Place;
        JsonArray items = Get<JsonArray>(node, name);
        var values = new T[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            Place = $"{At(name, owner)}[{i}]";
            values[i] = read(items[i] ?? throw Error($"{Place} is null"));
        }

        Place = owner;
        return values;
    }

    /// <summary>Reads the object field <paramref name="name"/> of the current item with <paramref name="read"/>, at <c>ledger.schedules[0].order</c>.</summary>
    public T Within<T>(JsonNode node, string name, Func<JsonNode, T> read)
    {
        string owner = Place;
        JsonObject inner = Get<JsonObject>(node, name);
        Place = At(name, owner);
        T value = read(inner);
        Place = owner;
        return value;
    }

    /// <summary>An item that is itself a value (an id in a list of ids), at <see cref="Place"/>.</summary>
    public T Value<T>(JsonNode node) =>
        node is JsonValue value && value.TryGetValue(out T? read) && read is not null ? read : throw Error($"{Place} is not {Kind<T>()}");

    /// <summary>The place of field <paramref name="name"/> of the current item: <c>users[3].kind</c>, or <c>next_id</c> at the top.</summary>
    public string At(string name) => At(name, Place);

    private static string At(string name, string place) => place.Length == 0 ? name : $"{place}.{name}";

    public JsonNode Field(JsonNode node, string name) => node[name] ?? throw Error($"{At(name)} is missing");

    public T Get<T>(JsonNode node, string name) => Field(node, name) switch
    {
        T list => list, // a JsonArray or JsonObject
        JsonValue value when value.TryGetValue(out T? read) && read is not null => read,
        _ => throw Error($"{At(name)} is not {Kind<T>()}"),
    };

    public T? OptionalValue<T>(JsonNode node, string name) where T : struct => node[name] is null ? null : Get<T>(node, name);

    public string? OptionalText(JsonNode node, string name) => node[name] is null ? null : Get<string>(node, name);

    public TEnum Enum<TEnum>(JsonNode node, string name) where TEnum : struct, Enum =>
        System.Enum.TryParse(Get<string>(node, name), out TEnum read) && System.Enum.IsDefined(read) ? read : throw Error($"{At(name)} is not a known {typeof(TEnum).Name}");

    private static string Kind<T>() => typeof(T) switch
    {
        Type t when t == typeof(string) => "text",
        Type t when t == typeof(bool) => "true or false",
        Type t when t == typeof(DateTimeOffset) => "a date and time",
        Type t when t == typeof(JsonArray) => "a list",
        Type t when t == typeof(JsonObject) => "an object",
        _ => "a number",
    };

    /// <summary>The entry <paramref name="name"/> refers to, which must be in <paramref name="entries"/> (no indexer: its exception quotes the key).</summary>
    public TValue Find<TKey, TValue>(Dictionary<TKey, TValue> entries, TKey key, string name) where TKey : notnull =>
        entries.TryGetValue(key, out TValue? value) ? value : throw Error($"{At(name)} refers to an entry the file does not hold");

    /// <summary>Adds an entry, which must be new (no <c>Add</c>: its exception quotes the key).</summary>
    public void Add<TKey, TValue>(Dictionary<TKey, TValue> entries, TKey key, TValue value, string name) where TKey : notnull
    {
        if (!entries.TryAdd(key, value))
        {
            throw Error($"{At(name)} repeats an earlier entry's");
        }
    }
}
