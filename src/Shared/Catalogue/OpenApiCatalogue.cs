using System;
using System.Collections.Generic;
using System.Linq;

namespace Bunq.Catalogue;

/// <summary>
/// The one derivation of bunq's catalogue: an OpenAPI 3 description shaped like bunq's, with the reviewed facts of
/// data/bunq-facts.txt applied. It writes data/bunq-catalogue.txt (a test fails when the committed file is not what it
/// writes; the same test rewrites it on request) and derives a user's newer copy of bunq's description, supplied as
/// the AdditionalFiles item bunq-openapi.json, with the same facts.
/// </summary>
internal static class OpenApiCatalogue
{
    private static readonly string[] Verbs = { "get", "post", "put", "delete", "patch" };

    /// <exception cref="FormatException">The text is not JSON or has no <c>paths</c> object.</exception>
    public static BunqCatalogue Parse(string json, BunqFacts facts)
    {
        var document = JsonLite.Parse(json) as JsonLiteObject ?? throw new FormatException("OpenAPI: the document is not a JSON object.");
        JsonLiteObject paths = document.Object("paths") ?? throw new FormatException("OpenAPI: the document has no 'paths' object.");
        JsonLiteObject schemas = document.Object("components")?.Object("schemas") ?? new JsonLiteObject();

        var operations = new List<BunqOperation>();
        foreach (var path in paths.Members)
        {
            if (path.Value is not JsonLiteObject item)
            {
                continue;
            }

            foreach (var member in item.Members)
            {
                if (Array.IndexOf(Verbs, member.Key) < 0 || member.Value is not JsonLiteObject operation)
                {
                    continue;
                }

                string verb = member.Key.ToUpperInvariant();
                string? request = BodyType(operation.Object("requestBody"), out _);
                string? response = BodyType(operation.Object("responses")?.Object("200"), out bool isList);
                operations.Add(new BunqOperation(verb, path.Key, request, facts.AnswerType(verb, path.Key) ?? response, isList, facts.For(verb, path.Key)));
            }
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(operations.SelectMany(o => new[] { o.RequestType, o.ResponseType }).Where(t => t is not null)
            .Concat(facts.SentAs.Select(s => s.Value))!);
        var types = new List<BunqObjectType>();
        while (pending.Count > 0)
        {
            string name = pending.Pop();
            JsonLiteObject? schema = schemas.Object(name);
            if (!reached.Add(name) || (schema is null && !facts.AddedTypes.Contains(name)))
            {
                continue;
            }

            // Corrections first, so a field a fact adds or retypes brings its type along.
            var type = new BunqObjectType(name, facts.Correct(name, schema is null ? Array.Empty<BunqField>() : Fields(schema)));
            types.Add(type);
            foreach (BunqField field in type.Fields.Where(f => f.ObjectType is not null))
            {
                pending.Push(field.ObjectType!);
            }
        }

        return new BunqCatalogue(operations, types, facts.RateLimits, facts.SentAs);
    }

    private static List<BunqField> Fields(JsonLiteObject schema)
    {
        var required = new HashSet<string>((schema["required"] as List<object?> ?? new List<object?>()).OfType<string>(), StringComparer.Ordinal);
        var fields = new List<BunqField>();
        foreach (var member in schema.Object("properties")?.Members ?? Array.Empty<KeyValuePair<string, object?>>())
        {
            if (member.Value is not JsonLiteObject property)
            {
                continue;
            }

            bool isArray = property.String("type") == "array";
            JsonLiteObject element = isArray ? property.Object("items") ?? new JsonLiteObject() : property;
            string? nested = RefName(element);
            fields.Add(new BunqField(member.Key, nested is not null ? "object" : element.String("type") ?? "object", nested, isArray,
                property["readOnly"] is true, property["writeOnly"] is true, required.Contains(member.Key)));
        }

        return fields;
    }

    /// <summary>The object type of a request or response body (application/json), or null when it names none.</summary>
    private static string? BodyType(JsonLiteObject? holder, out bool isList)
    {
        isList = false;
        JsonLiteObject? schema = holder?.Object("content")?.Object("application/json")?.Object("schema");
        if (schema is null)
        {
            return null;
        }

        if (schema.String("type") == "array")
        {
            isList = true;
            return RefName(schema.Object("items") ?? new JsonLiteObject());
        }

        return RefName(schema);
    }

    private static string? RefName(JsonLiteObject schema) =>
        schema.String("$ref") is { } reference ? reference.Substring(reference.LastIndexOf('/') + 1) : null;
}
