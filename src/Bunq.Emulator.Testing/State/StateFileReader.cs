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

    /// <summary>Enters a section read by a loader of its own (its errors then name the section).</summary>
    public JsonNode? Section(JsonNode root, string name)
    {
        Place = $"\"{name}\"";
        return root[name];
    }

    /// <summary>The items of the list <paramref name="section"/>, each setting <see cref="Place"/> to <c>section[i]</c>.</summary>
    public IEnumerable<JsonNode> Items(JsonNode root, string section)
    {
        Place = $"\"{section}\"";
        if (root[section] is not JsonArray items)
        {
            throw Error($"\"{section}\" is missing or not a list");
        }

        for (int i = 0; i < items.Count; i++)
        {
            Place = $"{section}[{i}]";
            yield return items[i] ?? throw Error($"{Place} is null");
        }
    }

    /// <summary>The place of field <paramref name="name"/> of the current item: <c>users[3].kind</c>, or <c>next_id</c> at the top.</summary>
    public string At(string name) => Place.Length == 0 ? name : $"{Place}.{name}";

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
