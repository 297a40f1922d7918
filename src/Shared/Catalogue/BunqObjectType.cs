using System;
using System.Collections.Generic;

namespace Bunq.Catalogue;

/// <summary>An object type of bunq's API (a schema of its OpenAPI description) and its fields.</summary>
internal sealed class BunqObjectType
{
    private readonly Dictionary<string, BunqField> _byName;

    public BunqObjectType(string name, IReadOnlyList<BunqField> fields)
    {
        Name = name;
        Fields = fields;
        _byName = new Dictionary<string, BunqField>(StringComparer.Ordinal);
        foreach (BunqField field in fields)
        {
            _byName[field.Name] = field;
        }
    }

    public string Name { get; }

    /// <summary>The fields in the description's order; empty when the description says nothing about them.</summary>
    public IReadOnlyList<BunqField> Fields { get; }

    /// <summary>True when the description lists fields, so a name missing from them is a finding, not a gap.</summary>
    public bool IsDescribed => Fields.Count > 0;

    /// <summary>True when at least one field is writable: only then does the description say what bunq accepts here.</summary>
    public bool DescribesWrites
    {
        get
        {
            foreach (BunqField each in Fields)
            {
                if (!each.ReadOnly)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public BunqField? Field(string jsonName) => _byName.TryGetValue(jsonName, out BunqField? field) ? field : null;
}
