using System.Text.Json;
using Bunq.Catalogue;

namespace Bunq.Emulator;

/// <summary>
/// Checks a request body against the operation's request type from the catalogue, as bunq refuses a body it cannot
/// read: the body is an object, every field is one of the type's, each of its JSON type, and required fields are there.
/// Read-only fields are accepted and ignored. An update (<c>partial</c>) names only what changes: bunq's
/// SDKs send only the fields an update is given (bunq/sdk_csharp's <c>Update</c> methods take every field as optional,
/// e.g. <c>RequestResponse.Update(requestResponseId, …, amountResponded = null, status = null, …)</c>), so required
/// fields are required on create only. Returns the refusal text, or null when the body is acceptable.
/// </summary>
internal static class SchemaValidator
{
    public static string? Check(BunqCatalogue catalogue, BunqObjectType type, byte[] body, bool partial = false)
    {
        if (body.Length == 0)
        {
            return !partial && type.Fields.FirstOrDefault(f => f.Required && !f.ReadOnly) is { } missing ? $"Field '{missing.Name}' is required." : null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return HasInvalidText(document.RootElement) ? InvalidText : CheckObject(catalogue, type, document.RootElement, path: string.Empty, partial);
        }
        catch (JsonException)
        {
            return "The request body is not valid JSON.";
        }
    }

    public const string InvalidText = "The request body holds text that is not valid Unicode (invalid UTF-8 or a lone surrogate).";

    /// <summary>
    /// Whether a name or string anywhere in <paramref name="value"/> cannot be read as text: JSON's reader lets invalid
    /// UTF-8 and escaped lone surrogates (<c>"\ud800"</c>) through, and reading them later throws, which a caller's bad
    /// input must not turn into a 500.
    /// </summary>
    public static bool HasInvalidText(JsonElement value)
    {
        try
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (JsonProperty property in value.EnumerateObject())
                    {
                        _ = property.Name; // throws for a name that is not valid text
                        if (HasInvalidText(property.Value))
                        {
                            return true;
                        }
                    }

                    return false;
                case JsonValueKind.Array:
                    return value.EnumerateArray().Any(HasInvalidText);
                case JsonValueKind.String:
                    return value.GetString() is null;
                default:
                    return false;
            }
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string? CheckObject(BunqCatalogue catalogue, BunqObjectType type, JsonElement value, string path, bool partial = false)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"{Name(path, type.Name)} must be an object.";
        }

        if (!type.IsDescribed)
        {
            return null; // bunq describes no fields: nothing to hold the body to
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            BunqField? field = type.Field(property.Name);
            if (field is null)
            {
                return $"Field '{path}{property.Name}' is not a field of {type.Name}.";
            }

            if (CheckValue(catalogue, field, property.Value, path + property.Name) is { } problem)
            {
                return problem;
            }
        }

        foreach (BunqField required in type.Fields.Where(f => f.Required && !f.ReadOnly && !partial))
        {
            if (!value.TryGetProperty(required.Name, out _))
            {
                return $"Field '{path}{required.Name}' is required.";
            }
        }

        return null;
    }

    private static string? CheckValue(BunqCatalogue catalogue, BunqField field, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return field.Required ? $"Field '{path}' is required." : null;
        }

        if (field.IsArray)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                return $"Field '{path}' must be an array.";
            }

            int i = 0;
            foreach (JsonElement element in value.EnumerateArray())
            {
                if (CheckElement(catalogue, field, element, $"{path}[{i++}]") is { } problem)
                {
                    return problem;
                }
            }

            return null;
        }

        return CheckElement(catalogue, field, value, path);
    }

    private static string? CheckElement(BunqCatalogue catalogue, BunqField field, JsonElement value, string path)
    {
        bool ok = field.JsonType switch
        {
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => value.ValueKind == JsonValueKind.Object,
        };
        if (!ok)
        {
            return $"Field '{path}' must be of type {field.JsonType}{(field.ObjectType is null ? string.Empty : " (" + field.ObjectType + ")")}.";
        }

        // A request names a counterparty with a Pointer where bunq's description types the LabelMonetaryAccount it answers:
        // the catalogue's sent-as fact (data/bunq-facts.txt, with its source).
        return field.JsonType == "object" && catalogue.Type(catalogue.SentAs(field.ObjectType)) is { } nested ? CheckObject(catalogue, nested, value, path + ".") : null;
    }

    private static string Name(string path, string type) => path.Length == 0 ? "The request body (" + type + ")" : $"Field '{path.TrimEnd('.')}'";
}
