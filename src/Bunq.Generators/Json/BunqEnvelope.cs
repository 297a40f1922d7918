using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Bunq;

/// <summary>
/// A whole bunq response envelope, for calls whose <c>Response</c> array mixes types (installation, session-server).
/// Each item keeps its type name (<c>Id</c>, <c>Token</c>, <c>UserPerson</c>, ...) and its JSON.
/// </summary>
public sealed class BunqEnvelope
{
    private BunqEnvelope(IReadOnlyList<BunqEnvelopeItem> items) => Items = items;

    /// <summary>The items of <c>Response</c>, in order.</summary>
    public IReadOnlyList<BunqEnvelopeItem> Items { get; }

    /// <summary>The first item of the given type name, deserialized.</summary>
    /// <exception cref="BunqException">No item has that type name.</exception>
    public T Get<T>(string typeName, JsonTypeInfo<T> typeInfo) =>
        TryGet(typeName, typeInfo, out T? value)
            ? value
            : throw new BunqException($"bunq's response has no '{typeName}' item (it has: {ItemNames()}).");

    /// <summary>
    /// The items' type names for a message, cleaned: they come from bunq's answer, which may be unverified (the
    /// installation answer can never be verified: it brings the key that would verify it).
    /// </summary>
    internal string ItemNames() => string.Join(", ", BunqUntrustedText.CleanAll(Items.Select(i => i.TypeName).ToList()));

    /// <summary>The first item of the given type name, deserialized, if present.</summary>
    /// <exception cref="BunqException">The item is null or not of the expected shape (a field of another JSON type).</exception>
    public bool TryGet<T>(string typeName, JsonTypeInfo<T> typeInfo, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        foreach (BunqEnvelopeItem item in Items)
        {
            if (item.TypeName == typeName)
            {
                try
                {
                    value = item.Value.Deserialize(typeInfo) ?? throw new BunqException($"bunq's '{typeName}' item is null.");
                }
                catch (JsonException e)
                {
                    // The parser's message quotes a path and a position, never the value; the value may be a token.
                    throw new BunqException($"bunq's '{typeName}' item does not have the expected shape ({e.Path ?? "?"}): {e.GetType().Name}.", e);
                }

                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Reads the envelope from a parsed response body.</summary>
    /// <exception cref="BunqException">The JSON is not bunq's envelope.</exception>
    public static BunqEnvelope From(JsonElement root)
    {
        var items = new List<BunqEnvelopeItem>();
        foreach (JsonElement element in ResponseArray(root).EnumerateArray())
        {
            (string name, JsonElement value) = SingleProperty(element);
            items.Add(new BunqEnvelopeItem(name, value.Clone()));
        }

        return new BunqEnvelope(items);
    }

    internal static JsonElement ResponseArray(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Response", out JsonElement response)
            || response.ValueKind != JsonValueKind.Array)
        {
            throw new BunqException("The response body is not bunq's envelope: expected an object with a 'Response' array.");
        }

        return response;
    }

    internal static (string Name, JsonElement Value) SingleProperty(JsonElement item)
    {
        JsonProperty property = First(item);
        return (property.Name, property.Value);
    }

    /// <summary>The item's value without its type name, which the typed reads never need (reading it allocates).</summary>
    internal static JsonElement SingleValue(JsonElement item) => First(item).Value;

    private static JsonProperty First(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in item.EnumerateObject())
            {
                return property;
            }
        }

        throw new BunqException("An item of bunq's 'Response' array is not an object with one type-named property.");
    }
}
