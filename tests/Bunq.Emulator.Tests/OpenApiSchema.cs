using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bunq.Emulator.Tests;

/// <summary>
/// bunq's published OpenAPI description, read to check what the emulator answers: every field of the schema present
/// (null allowed where bunq has no value), each of the schema's JSON type, and no field bunq does not publish. Where
/// data/bunq-facts.txt records that bunq answers otherwise (an answer of another type, a field added or dropped, a
/// nested object of another type), the check follows the catalogue those facts derive — the one list of differences,
/// each with its source — and nothing else.
/// </summary>
internal sealed class OpenApiSchema
{
    private static readonly Bunq.Catalogue.BunqCatalogue Catalogue = Bunq.Catalogue.BunqCatalogue.Embedded;

    private readonly JsonElement _root;
    private readonly List<(string Method, string Path, Regex Pattern, int Literal)> _operations = [];

    private OpenApiSchema(JsonDocument document)
    {
        _root = document.RootElement;
        foreach (JsonProperty path in _root.GetProperty("paths").EnumerateObject())
        {
            var pattern = new Regex("^" + Regex.Replace(Regex.Escape(path.Name), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant);
            int literal = Regex.Replace(path.Name, @"\{[^}]+\}", string.Empty).Length;
            foreach (JsonProperty operation in path.Value.EnumerateObject())
            {
                _operations.Add((operation.Name.ToUpperInvariant(), path.Name, pattern, literal));
            }
        }
    }

    /// <summary>bunq's OpenAPI description as the repository carries it (data/bunq-openapi/swagger.json).</summary>
    public static OpenApiSchema Load() =>
        new(JsonDocument.Parse(File.ReadAllText(Bunq.Testing.OpenApiFactAttribute.SwaggerPath)));

    /// <summary>The published path template a concrete path belongs to, the most specific when several match.</summary>
    public string? TemplateOf(string method, string path) =>
        _operations.Where(o => o.Method == method && o.Pattern.IsMatch(path)).OrderByDescending(o => o.Literal).Select(o => o.Path).FirstOrDefault();

    /// <summary>Checks every item of a 2xx answer against the operation's response schema; returns the problems.</summary>
    public IEnumerable<string> Check(string method, string template, JsonNode body)
    {
        var problems = new List<string>();
        JsonElement schema = Deref(_root.GetProperty("paths").GetProperty(template).GetProperty(method.ToLowerInvariant())
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"), out string name);
        if (schema.TryGetProperty("type", out JsonElement type) && type.GetString() == "array")
        {
            schema = Deref(schema.GetProperty("items"), out name);
        }

        // An answer fact: bunq answers another of its types here (the whole RequestResponse, not an Id).
        if (Catalogue.Find(method, template)?.ResponseType?.TrimEnd('[', ']') is { } answered && answered != name
            && _root.GetProperty("components").GetProperty("schemas").TryGetProperty(answered, out JsonElement corrected))
        {
            (schema, name) = (corrected, answered);
        }

        foreach (JsonNode? item in body["Response"]!.AsArray())
        {
            foreach ((string typeName, JsonNode? value) in item!.AsObject())
            {
                string where = $"{method} {template} {typeName}";
                if (schema.TryGetProperty("properties", out JsonElement wrappers) && wrappers.TryGetProperty(typeName, out JsonElement wrapped))
                {
                    CheckValue(value, wrapped, where, problems);
                }
                else if (Catalogue.Type(name)?.Field(typeName) is { ObjectType: { } factType })
                {
                    CheckCatalogue(value, factType, where, problems); // a wrapper a fact adds ({"ApiKey": …} for an Id)
                }
                else
                {
                    CheckObject(value, schema, name, where, problems);
                }
            }
        }

        return problems;
    }

    private void CheckValue(JsonNode? value, JsonElement schema, string where, List<string> problems)
    {
        if (value is null)
        {
            return; // bunq has no value here
        }

        if (schema.TryGetProperty("$ref", out _))
        {
            JsonElement target = Deref(schema, out string name);
            CheckObject(value, target, name, where, problems);
            return;
        }

        string type = schema.TryGetProperty("type", out JsonElement t) ? t.GetString()! : "object";
        JsonValueKind kind = value.GetValueKind();
        bool ok = type switch
        {
            "integer" => kind == JsonValueKind.Number && value.AsValue().TryGetValue(out long _),
            "number" => kind == JsonValueKind.Number,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "array" => kind == JsonValueKind.Array,
            _ => kind == JsonValueKind.Object,
        };
        if (!ok)
        {
            problems.Add($"{where}: {kind} where the schema has {type}");
            return;
        }

        if (type == "array" && schema.TryGetProperty("items", out JsonElement items))
        {
            int i = 0;
            foreach (JsonNode? element in value.AsArray())
            {
                CheckValue(element, items, $"{where}[{i++}]", problems);
            }
        }
    }

    private void CheckObject(JsonNode? value, JsonElement schema, string name, string where, List<string> problems)
    {
        if (value is not JsonObject fields)
        {
            problems.Add($"{where}: {value?.GetValueKind()} where the schema has the object {name}");
            return;
        }

        if (!schema.TryGetProperty("properties", out JsonElement properties))
        {
            return; // a schema without fields (SessionDelete) constrains nothing
        }

        // bunq's unions (UserApiKeyAnchoredUser: UserPerson | UserCompany | …) name each case by its type: one is present.
        bool union = properties.EnumerateObject().All(p => char.IsUpper(p.Name[0]));
        if (union && fields.Count != 1)
        {
            problems.Add($"{where}: {fields.Count} cases of the union {name}, not one");
        }

        foreach (JsonProperty property in properties.EnumerateObject())
        {
            if (union && !fields.ContainsKey(property.Name))
            {
                continue;
            }

            if (property.Value.TryGetProperty("writeOnly", out JsonElement writeOnly) && writeOnly.GetBoolean())
            {
                continue;
            }

            if (!fields.TryGetPropertyValue(property.Name, out JsonNode? field))
            {
                if (Catalogue.Type(name) is not { } known || known.Field(property.Name) is not null)
                {
                    problems.Add($"{where}.{property.Name}: missing ({name})"); // unless a drop fact removes it
                }

                continue;
            }

            // data/bunq-facts.txt may correct a nested object's type (an event's BunqMeTab is the whole tab, not the create
            // body the description names): check the field against the type the catalogue gives it, as bunq's SDKs read it.
            if (Corrected(name, property.Name, property.Value) is { } corrected && field is not null)
            {
                CheckObject(field, _root.GetProperty("components").GetProperty("schemas").GetProperty(corrected), corrected,
                    $"{where}.{property.Name}", problems);
                continue;
            }

            CheckValue(field, property.Value, $"{where}.{property.Name}", problems);
        }

        foreach ((string field, JsonNode? given) in fields)
        {
            if (properties.TryGetProperty(field, out _))
            {
                continue;
            }

            // A field a fact adds to the type (bunq answers it, the description leaves it out): of the fact's JSON type.
            if (Catalogue.Type(name)?.Field(field) is { } added)
            {
                CheckCatalogueField(given, added, $"{where}.{field}", problems);
            }
            else
            {
                problems.Add($"{where}.{field}: not in bunq's schema {name}");
            }
        }
    }

    /// <summary>An object of a type the facts give (not in the description): every readable field present, each of its JSON type, nothing else.</summary>
    private static void CheckCatalogue(JsonNode? value, string typeName, string where, List<string> problems)
    {
        if (Catalogue.Type(typeName) is not { IsDescribed: true } type)
        {
            problems.Add($"{where}: the catalogue has no fields for {typeName}");
            return;
        }

        if (value is not JsonObject fields)
        {
            problems.Add($"{where}: {value?.GetValueKind()} where the catalogue has the object {typeName}");
            return;
        }

        foreach (Bunq.Catalogue.BunqField field in type.Fields.Where(f => !f.WriteOnly))
        {
            if (!fields.TryGetPropertyValue(field.Name, out JsonNode? item))
            {
                problems.Add($"{where}.{field.Name}: missing ({typeName})");
            }
            else
            {
                CheckCatalogueField(item, field, $"{where}.{field.Name}", problems);
            }
        }

        problems.AddRange(fields.Where(f => type.Field(f.Key) is null).Select(f => $"{where}.{f.Key}: not in the catalogue's {typeName}"));
    }

    private static void CheckCatalogueField(JsonNode? value, Bunq.Catalogue.BunqField field, string where, List<string> problems)
    {
        if (value is null)
        {
            return;
        }

        JsonValueKind kind = value.GetValueKind();
        bool ok = field.IsArray ? kind == JsonValueKind.Array : field.JsonType switch
        {
            "integer" => kind == JsonValueKind.Number && value.AsValue().TryGetValue(out long _),
            "number" => kind == JsonValueKind.Number,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            _ => kind == JsonValueKind.Object,
        };
        if (!ok)
        {
            problems.Add($"{where}: {kind} where the catalogue has {(field.IsArray ? "an array" : field.JsonType)}");
        }
        else if (!field.IsArray && field.JsonType == "object" && field.ObjectType is { } nested && Catalogue.Type(nested) is { IsDescribed: true })
        {
            CheckCatalogue(value, nested, where, problems);
        }
    }

    /// <summary>The catalogue's object type for a field, when the facts file corrects the description's to another.</summary>
    private static string? Corrected(string type, string field, JsonElement described) =>
        described.TryGetProperty("$ref", out JsonElement reference)
        && Catalogue.Type(type)?.Fields.FirstOrDefault(f => f.Name == field)?.ObjectType is { } corrected
        && corrected != reference.GetString()!.Split('/')[^1]
            ? corrected
            : null;

    private JsonElement Deref(JsonElement schema, out string name)
    {
        name = "(inline)";
        if (!schema.TryGetProperty("$ref", out JsonElement reference))
        {
            return schema;
        }

        name = reference.GetString()!.Split('/')[^1];
        return _root.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }
}
