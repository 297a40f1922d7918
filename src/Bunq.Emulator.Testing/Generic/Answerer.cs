using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.Catalogue;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>Makes, renders and acknowledges the objects of one catalogue operation.</summary>
internal sealed class Answerer(EmulatorState state, BunqCatalogue catalogue, ObjectFactory values, BunqOperation operation, BunqObjectType? readType)
{
    public BunqObjectType? ReadType => readType;

    /// <summary>A new object of the collection's type (id <paramref name="id"/>, or a fresh one), with the body's fields laid over it.</summary>
    public GenericItem Make(string? id, User owner, byte[] body)
    {
        bool byUuid = id is null && IdKind() == "Uuid";
        long order = state.NextId();
        string key = id ?? (byUuid ? ObjectFactory.DeterministicUuid(operation.Route, order) : order.ToString(CultureInfo.InvariantCulture));
        if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out long numeric))
        {
            order = numeric;
        }

        (string typeName, BunqObjectType? type) = Case(readType);
        JsonObject value = type is null ? new JsonObject() : values.Object(type, order, owner);
        if (byUuid && type?.Field("uuid") is not null)
        {
            value["uuid"] = key;
        }

        Overlay(value, body, catalogue.Type(operation.RequestType), type, order, owner);
        return new GenericItem(key, order, typeName, value);
    }

    /// <summary>The item as this operation's response type describes it: its fields from the stored object where they match.</summary>
    public JsonObject Render(GenericItem item, User owner)
    {
        BunqObjectType? responseType = catalogue.Type(operation.ResponseType);
        (string typeName, BunqObjectType? type) = responseType is null ? (item.TypeName, null) : Case(responseType);
        if (type is null)
        {
            return Item(typeName, item.Value.DeepClone());
        }

        JsonObject rendered = values.Object(type, item.Order, owner);
        foreach ((string name, JsonNode? value) in item.Value)
        {
            if (rendered.ContainsKey(name))
            {
                rendered[name] = value?.DeepClone();
            }
        }

        return Item(typeName, rendered);
    }

    /// <summary>A create's or update's answer: <c>Id</c> or <c>Uuid</c>, plus any other object the response type names.</summary>
    public IEnumerable<JsonObject> Created(GenericItem item, User owner)
    {
        BunqObjectType? type = catalogue.Type(operation.ResponseType);
        if (type is null || !type.IsDescribed)
        {
            yield return Id(item.Order);
            yield break;
        }

        if (ObjectFactory.IsUnion(type))
        {
            foreach (BunqField wrapper in type.Fields)
            {
                yield return wrapper.Name switch
                {
                    "Id" => Id(item.Order),
                    "Uuid" => Item("Uuid", new JsonObject { ["uuid"] = item.Id }),
                    _ => Item(wrapper.Name, catalogue.Type(wrapper.ObjectType) is { } nested ? values.Object(nested, item.Order, owner) : new JsonObject()),
                };
            }

            yield break;
        }

        JsonObject flat = values.Object(type, item.Order, owner);
        if (type.Field("uuid") is not null && type.Field("id") is null)
        {
            flat["uuid"] = item.Id;
            yield return Item("Uuid", flat);
        }
        else
        {
            yield return Item("Id", flat);
        }
    }

    /// <summary>
    /// Lays the body's fields over the object where both types give the field the same shape; nested objects merge (a
    /// partial object in the body leaves the other fields as they were) and each array element is a whole object of its
    /// type with the body's element laid over it.
    /// </summary>
    public void Overlay(JsonObject target, byte[] body, BunqObjectType? requestType, BunqObjectType? targetType, long id, User owner)
    {
        if (body.Length > 0 && JsonNode.Parse(body) is JsonObject fields)
        {
            Merge(target, fields, requestType, targetType, id, owner);
        }
    }

    private void Merge(JsonObject target, JsonObject source, BunqObjectType? sourceType, BunqObjectType? targetType, long id, User owner)
    {
        if (sourceType is null || targetType is null)
        {
            return;
        }

        foreach ((string name, JsonNode? value) in source)
        {
            if (sourceType.Field(name) is not { } from || targetType.Field(name) is not { WriteOnly: false } to || !target.ContainsKey(name)
                || from.JsonType != to.JsonType || from.ObjectType != to.ObjectType || from.IsArray != to.IsArray)
            {
                continue;
            }

            BunqObjectType? nested = catalogue.Type(to.ObjectType);
            if (value is JsonObject part && !to.IsArray && nested is { IsDescribed: true })
            {
                JsonObject whole = target[name] as JsonObject ?? values.Object(nested, id, owner);
                Merge(whole, part, catalogue.Type(from.ObjectType), nested, id, owner);
                target[name] = whole;
            }
            else if (value is JsonArray parts && nested is { IsDescribed: true })
            {
                target[name] = new JsonArray(parts.Select(element =>
                {
                    JsonObject whole = values.Object(nested, id, owner);
                    if (element is JsonObject part)
                    {
                        Merge(whole, part, catalogue.Type(from.ObjectType), nested, id, owner);
                    }

                    return (JsonNode?)whole;
                }).ToArray());
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    private string? IdKind() => catalogue.Type(operation.ResponseType) is { } created
        ? created.Field("Uuid") is not null || (created.Field("uuid") is not null && created.Field("id") is null) ? "Uuid" : "Id"
        : "Id";

    /// <summary>The name bunq wraps an object in and its type: a union's first case, else the type without its Read/Listing/… suffix.</summary>
    private (string Name, BunqObjectType? Type) Case(BunqObjectType? type)
    {
        if (type is null)
        {
            return (Strip(operation.ResponseType ?? operation.RequestType ?? "Object"), null);
        }

        if (ObjectFactory.IsUnion(type))
        {
            BunqField first = type.Fields[0];
            return (first.Name, catalogue.Type(first.ObjectType));
        }

        return (Strip(type.Name), type);
    }

    private static string Strip(string name)
    {
        foreach (string suffix in new[] { "Listing", "Read", "Create", "Update", "Delete" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }
}
