using System.Globalization;
using System.Text;

namespace Bunq.Generators.Catalogue;

/// <summary>The JSON names the runtime's serializer writes: System.Text.Json's snake_case_lower policy, spelled out.</summary>
internal static class JsonNames
{
    private enum Previous
    {
        Start,
        Upper,
        LowerOrDigit,
        Space,
    }

    /// <summary>
    /// What <c>JsonNamingPolicy.SnakeCaseLower.ConvertName</c> returns (same rules: a separator before an upper-case
    /// letter that follows a lower-case letter or digit, or that starts a word after an acronym; a test compares the two).
    /// </summary>
    public static string SnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        Previous previous = Previous.Start;
        for (int i = 0; i < name.Length; i++)
        {
            char current = name[i];
            switch (char.GetUnicodeCategory(current))
            {
                case UnicodeCategory.UppercaseLetter:
                    bool wordStartsAfterAcronym = previous == Previous.Upper && i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if (previous is Previous.LowerOrDigit or Previous.Space || wordStartsAfterAcronym)
                    {
                        result.Append('_');
                    }

                    result.Append(char.ToLowerInvariant(current));
                    previous = Previous.Upper;
                    break;
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.DecimalDigitNumber:
                    if (previous == Previous.Space)
                    {
                        result.Append('_');
                    }

                    result.Append(current);
                    previous = Previous.LowerOrDigit;
                    break;
                case UnicodeCategory.SpaceSeparator:
                    if (previous != Previous.Start)
                    {
                        previous = Previous.Space;
                    }

                    break;
                default:
                    result.Append(current);
                    previous = Previous.Start;
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>A C# property name that <see cref="SnakeCase"/> turns back into <paramref name="jsonName"/> (<c>counterparty_alias</c> → <c>CounterpartyAlias</c>).</summary>
    public static string Pascal(string jsonName)
    {
        var result = new StringBuilder(jsonName.Length);
        bool upper = true;
        foreach (char c in jsonName)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            result.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return result.ToString();
    }
}
