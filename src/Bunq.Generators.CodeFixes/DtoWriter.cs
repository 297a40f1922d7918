using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Bunq.Catalogue;
using Bunq.Generators.Catalogue;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.Generators.CodeFixes;

/// <summary>
/// Writes C# records for one of bunq's object types, with a property for every field, so they serialize (snake_case, or
/// [JsonPropertyName] where no C# name maps) to exactly bunq's field names. For a request body only the fields bunq
/// accepts: read-only ones are left out, and a writable field that bunq describes by its response type (all read-only,
/// like a payment's counterparty_alias) becomes a BunqPointer when it is an alias, raw JSON otherwise.
/// </summary>
internal sealed class DtoWriter
{
    // Nested types are generated this deep; deeper objects are kept as raw JSON, so one fix does not write dozens of types.
    private const int MaxDepth = 2;

    private readonly BunqCatalogue _catalogue;
    private readonly bool _request;
    private readonly Func<string, bool> _exists;
    private readonly string _newLine;
    private readonly Queue<(string Name, BunqObjectType Type, int Depth)> _pending = new();
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);

    public DtoWriter(BunqCatalogue catalogue, bool request, Func<string, bool> exists, string newLine)
    {
        _catalogue = catalogue;
        _request = request;
        _exists = exists;
        _newLine = newLine;
    }

    /// <summary>True when a JsonPropertyName attribute or a list was written, so the file needs that using directive.</summary>
    public bool UsesJsonPropertyName { get; private set; }

    public bool UsesLists { get; private set; }

    /// <summary>Records for <paramref name="type"/> named <paramref name="name"/> and the nested types it reaches.</summary>
    public string Write(string name, BunqObjectType type)
    {
        var text = new StringBuilder();
        _named.Add(name);
        _pending.Enqueue((name, type, 0));
        while (_pending.Count > 0)
        {
            var (recordName, recordType, depth) = _pending.Dequeue();
            WriteRecord(text, recordName, recordType, depth);
        }

        return text.ToString();
    }

    private void WriteRecord(StringBuilder text, string name, BunqObjectType type, int depth)
    {
        string side = _request ? "request" : "response";
        text.Append("/// <summary>bunq's ").Append(type.Name).Append(" (").Append(side).Append("), generated from bunq's API description.</summary>").Append(_newLine);
        text.Append("public sealed record ").Append(name).Append(_newLine).Append('{').Append(_newLine);
        bool first = true;
        foreach (BunqField field in type.Fields)
        {
            if (_request && field.ReadOnly)
            {
                continue;
            }

            string element = ElementType(field, depth);
            string propertyType = field.IsArray ? "IReadOnlyList<" + element + ">" : element;
            UsesLists |= field.IsArray;
            string property = JsonNames.Pascal(field.Name);
            bool mapped = JsonNames.SnakeCase(property) == field.Name && SyntaxFacts.IsValidIdentifier(property) && property != name
                && SyntaxFacts.GetKeywordKind(property) == SyntaxKind.None;
            if (!first)
            {
                text.Append(_newLine);
            }

            first = false;
            if (!mapped)
            {
                UsesJsonPropertyName = true;
                property = Identifier(field.Name, name);
                text.Append("    [JsonPropertyName(\"").Append(field.Name).Append("\")]").Append(_newLine);
            }

            // A request field bunq requires is required here too; anything else bunq may omit, so it is nullable.
            bool required = _request && field.Required;
            text.Append("    public ").Append(required ? "required " : "").Append(propertyType).Append(required ? "" : "?")
                .Append(' ').Append(property).Append(" { get; init; }").Append(_newLine);
        }

        text.Append('}').Append(_newLine).Append(_newLine);
    }

    private string ElementType(BunqField field, int depth)
    {
        if (field.ObjectType is null)
        {
            return field.JsonType switch
            {
                "integer" => "long",
                "number" => "decimal",
                "boolean" => "bool",
                _ => "string",
            };
        }

        switch (field.ObjectType)
        {
            case "Amount":
                return "BunqAmount";
            case "Pointer":
                return "BunqPointer";
        }

        BunqObjectType? nested = _catalogue.Type(field.ObjectType);
        if (_request && nested is not null && !nested.DescribesWrites)
        {
            // bunq describes this writable field by its response type: for an alias it takes a pointer {type, value, name}.
            return field.Name.IndexOf("alias", StringComparison.Ordinal) >= 0 ? "BunqPointer" : "System.Text.Json.JsonElement";
        }

        if (nested is null || !nested.IsDescribed || depth >= MaxDepth)
        {
            return "System.Text.Json.JsonElement";
        }

        string name = nested.Name;
        if (!_named.Contains(name))
        {
            if (_exists(name))
            {
                return name; // the project already has a type of that name: use it rather than write a second one
            }

            _named.Add(name);
            _pending.Enqueue((name, nested, depth + 1));
        }

        return name;
    }

    private static string Identifier(string jsonName, string typeName)
    {
        var text = new StringBuilder();
        foreach (char c in JsonNames.Pascal(jsonName))
        {
            text.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        string name = text.Length == 0 || char.IsDigit(text[0]) ? "Field" + text : text.ToString();
        return name == typeName ? name + "Value" : name;
    }
}
