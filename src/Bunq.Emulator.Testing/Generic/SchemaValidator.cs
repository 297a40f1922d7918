using System.Text.Json;
using Bunq.Catalogue;

namespace Bunq.Emulator;

/// <summary>
/// Checks a request body against the operation's request type from the catalogue, as bunq refuses a body it cannot
/// read: the body is an object, every field is one of the type's, each of its JSON type, and required fields are there.
/// Read-only fields are accepted and ignored. An update (<c>partial</c>) names only what changes: bunq's
/// SDKs send only the fields an update is given (bunq/sdk_python's <c>update</c> methods take every field as optional,
/// <c>PermittedIpApiObject.update(credential_password_ip_id, item_id, status)</c> sends no <c>ip</c>), so required
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
            return CheckObject(catalogue, type, document.RootElement, path: string.Empty, partial);
        }
        catch (JsonException)
        {
            return "The request body is not valid JSON.";
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

        return field.JsonType == "object" && catalogue.Type(SentAs(field.ObjectType)) is { } nested ? CheckObject(catalogue, nested, value, path + ".") : null;
    }

    /// <summary>
    /// The type a request sends for a field: bunq's description types the counterparty of a payment, request, draft
    /// or scheduled payment as the <c>LabelMonetaryAccount</c> it answers, but a request names the counterparty with a
    /// <c>Pointer</c> (type, value, name), which is what bunq's SDKs send (bunq/sdk_python
    /// <c>bunq/sdk/model/generated/endpoint.py</c>, <c>PaymentApiObject.create(amount, counterparty_alias: PointerObject, …)</c>).
    /// A fact for the catalogue's corrections; until it carries it, the validator applies it here.
    /// </summary>
    private static string? SentAs(string? objectType) => objectType == "LabelMonetaryAccount" ? "Pointer" : objectType;

    private static string Name(string path, string type) => path.Length == 0 ? "The request body (" + type + ")" : $"Field '{path.TrimEnd('.')}'";
}
