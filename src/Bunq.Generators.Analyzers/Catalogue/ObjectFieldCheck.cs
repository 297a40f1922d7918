using System;
using System.Collections.Generic;
using System.Linq;
using Bunq.Catalogue;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Catalogue;

/// <summary>One property whose JSON name bunq's object type does not have.</summary>
internal readonly record struct FieldFinding(IPropertySymbol Property, string JsonName, string BunqType, string? Nearest);

/// <summary>
/// Compares the JSON properties of a C# type with the fields of bunq's object type, descending into nested objects.
/// A request body is compared with what bunq accepts, so nested objects are only entered where the description says
/// what bunq accepts there (at least one writable field): it describes some writable fields by their response type,
/// all read-only (a payment's counterparty_alias is a LabelMonetaryAccount, yet bunq takes a pointer there).
/// </summary>
internal sealed class ObjectFieldCheck
{
    // Deep enough for any bunq object; a bound so a self-referencing user type cannot recurse for long.
    private const int MaxDepth = 6;

    private readonly BunqCatalogue _catalogue;
    private readonly KnownSymbols _symbols;
    private readonly bool _request;

    public ObjectFieldCheck(BunqCatalogue catalogue, KnownSymbols symbols, bool request)
    {
        _catalogue = catalogue;
        _symbols = symbols;
        _request = request;
    }

    public List<FieldFinding> Check(ITypeSymbol type, BunqObjectType bunqType)
    {
        var findings = new List<FieldFinding>();
        Check(type, bunqType, findings, 0);
        return findings;
    }

    private void Check(ITypeSymbol type, BunqObjectType bunqType, List<FieldFinding> findings, int depth)
    {
        if (!bunqType.IsDescribed || depth > MaxDepth)
        {
            return;
        }

        foreach (IPropertySymbol property in JsonProperties(type))
        {
            string jsonName = JsonName(property);
            BunqField? field = bunqType.Field(jsonName);
            if (field is null)
            {
                findings.Add(new FieldFinding(property, jsonName, bunqType.Name, Nearest(jsonName, bunqType)));
                continue;
            }

            BunqObjectType? nested = _catalogue.Type(field.ObjectType);
            if (nested is not null && (!_request || nested.DescribesWrites) && ObjectTypeOf(property.Type) is { } nestedType)
            {
                Check(nestedType, nested, findings, depth + 1);
            }
        }
    }

    /// <summary>What the serializer reads or writes: public instance properties, readable for a request and settable for a response.</summary>
    private IEnumerable<IPropertySymbol> JsonProperties(ITypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (ITypeSymbol? current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property
                    || !seen.Add(property.Name)
                    || property.GetMethod is null
                    || (!_request && property.SetMethod is null)
                    || Ignored(property))
                {
                    continue;
                }

                yield return property;
            }
        }
    }

    private bool Ignored(IPropertySymbol property)
    {
        if (KnownSymbols.Find(property, _symbols.JsonExtensionData) is not null)
        {
            return true;
        }

        // [JsonIgnore] without a condition, or with Condition = Always (1), drops the property; other conditions only sometimes.
        AttributeData? ignore = KnownSymbols.Find(property, _symbols.JsonIgnore);
        return ignore is not null && ignore.NamedArguments.All(a => a.Key != "Condition" || a.Value.Value is 1);
    }

    public string JsonName(IPropertySymbol property) =>
        KnownSymbols.Find(property, _symbols.JsonPropertyName) is { ConstructorArguments.Length: 1 } named && named.ConstructorArguments[0].Value is string name
            ? name
            : JsonNames.SnakeCase(property.Name);

    /// <summary>The object type a property holds (the element type of a collection), or null for strings, numbers and framework types.</summary>
    private ITypeSymbol? ObjectTypeOf(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is IArrayTypeSymbol array)
        {
            type = array.ElementType;
        }
        else if (type.SpecialType != SpecialType.System_String
            && type.AllInterfaces.Concat(type is INamedTypeSymbol { TypeKind: TypeKind.Interface } self ? new[] { self } : Array.Empty<INamedTypeSymbol>())
                .FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _symbols.Enumerable)) is { } enumerable)
        {
            type = enumerable.TypeArguments[0];
        }

        bool framework = type.ContainingNamespace?.ToDisplayString() is { } ns && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal));
        return type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } && !framework ? type : null;
    }

    private static string? Nearest(string jsonName, BunqObjectType bunqType)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (BunqField field in bunqType.Fields)
        {
            int distance = CatalogueRoute.Distance(jsonName, field.Name);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (field.Name, distance);
            }
        }

        return best;
    }
}
