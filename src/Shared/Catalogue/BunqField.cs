namespace Bunq.Catalogue;

/// <summary>One field of a bunq object type, as bunq's OpenAPI description gives it.</summary>
internal sealed class BunqField
{
    public BunqField(string name, string jsonType, string? objectType, bool isArray, bool readOnly, bool writeOnly, bool required)
    {
        Name = name;
        JsonType = jsonType;
        ObjectType = objectType;
        IsArray = isArray;
        ReadOnly = readOnly;
        WriteOnly = writeOnly;
        Required = required;
    }

    /// <summary>The JSON name, e.g. <c>counterparty_alias</c>.</summary>
    public string Name { get; }

    /// <summary>The JSON type of the value, or of each element when <see cref="IsArray"/>: string, integer, number, boolean or object.</summary>
    public string JsonType { get; }

    /// <summary>The nested object type's name when the description names one (<c>Amount</c>), else null.</summary>
    public string? ObjectType { get; }

    public bool IsArray { get; }

    /// <summary>Marked read-only. bunq's description over-uses the mark, so it does not prove bunq ignores the field on writes.</summary>
    public bool ReadOnly { get; }

    public bool WriteOnly { get; }

    public bool Required { get; }

    /// <summary>The catalogue line of this field (without the leading "F" and tab).</summary>
    public override string ToString() =>
        Name + "\t" + JsonType + "\t" + (ObjectType ?? "-") + "\t" + Flags();

    private string Flags()
    {
        string flags = (IsArray ? "a" : "") + (ReadOnly ? "r" : "") + (WriteOnly ? "w" : "") + (Required ? "q" : "");
        return flags.Length == 0 ? "-" : flags;
    }
}
