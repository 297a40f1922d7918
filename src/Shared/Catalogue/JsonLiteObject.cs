using System.Collections.Generic;

namespace Bunq.Catalogue;

/// <summary>A JSON object read by <see cref="JsonLite"/>: its members in document order, looked up by name.</summary>
internal sealed class JsonLiteObject
{
    private readonly Dictionary<string, object?> _byName = new(System.StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, object?>> _members = new();

    public IReadOnlyList<KeyValuePair<string, object?>> Members => _members;

    public object? this[string name] => _byName.TryGetValue(name, out object? value) ? value : null;

    public void Add(string name, object? value)
    {
        // A repeated name keeps its last value (as most readers do) and its first position.
        if (!_byName.ContainsKey(name))
        {
            _members.Add(new KeyValuePair<string, object?>(name, value));
        }
        else
        {
            int index = _members.FindIndex(m => m.Key == name);
            _members[index] = new KeyValuePair<string, object?>(name, value);
        }

        _byName[name] = value;
    }

    public JsonLiteObject? Object(string name) => this[name] as JsonLiteObject;

    public string? String(string name) => this[name] as string;
}
