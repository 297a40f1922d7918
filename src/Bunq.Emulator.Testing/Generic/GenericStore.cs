using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// What the schema-driven operations create, keyed by the collection's concrete path (so each user's and each
/// account's objects stay apart) and the item's id. Kept in the data directory's state file with everything else
/// (<see cref="ToJson"/>, <see cref="Load"/>), so an object made through any route survives a restart.
/// </summary>
internal sealed class GenericStore
{
    private readonly Dictionary<string, SortedDictionary<string, GenericItem>> _collections = new(StringComparer.Ordinal);

    public IReadOnlyCollection<GenericItem> Items(string collection) =>
        _collections.TryGetValue(collection, out SortedDictionary<string, GenericItem>? items) ? items.Values : [];

    public GenericItem? Find(string collection, string id) =>
        _collections.TryGetValue(collection, out SortedDictionary<string, GenericItem>? items) && items.TryGetValue(id, out GenericItem? item) ? item : null;

    public void Put(string collection, GenericItem item)
    {
        if (!_collections.TryGetValue(collection, out SortedDictionary<string, GenericItem>? items))
        {
            _collections[collection] = items = new SortedDictionary<string, GenericItem>(StringComparer.Ordinal);
        }

        items[item.Id] = item;
    }

    /// <summary>Every object with its collection, for the state file (the values copied: the snapshot is written outside the lock).</summary>
    public JsonArray ToJson() => new(_collections.SelectMany(c => c.Value.Values.Select(i => (JsonNode?)new JsonObject
    {
        ["collection"] = c.Key, ["id"] = i.Id, ["order"] = i.Order, ["type"] = i.TypeName, ["value"] = i.Value.DeepClone(),
    })).ToArray());

    /// <summary>Reads what <see cref="ToJson"/> wrote through the state file's one <paramref name="reader"/> (errors name the place: <c>generic[3].value</c>).</summary>
    public void Load(StateFileReader reader, JsonArray? items)
    {
        foreach (JsonNode item in items is null ? [] : reader.Items(items))
        {
            Put(reader.Get<string>(item, "collection"), new GenericItem(reader.Get<string>(item, "id"), reader.Get<long>(item, "order"),
                reader.Get<string>(item, "type"), reader.Get<JsonObject>(item, "value").DeepClone().AsObject()));
        }
    }

    public bool Remove(string collection, string id) => _collections.TryGetValue(collection, out SortedDictionary<string, GenericItem>? items) && items.Remove(id);
}

/// <summary>One stored object: its id (number or uuid), the type name bunq wraps it in, and its fields.</summary>
internal sealed record GenericItem(string Id, long Order, string TypeName, JsonObject Value);
