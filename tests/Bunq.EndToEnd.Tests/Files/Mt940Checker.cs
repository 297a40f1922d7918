using System.Globalization;
using System.Text.RegularExpressions;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// A strict, independent reader of one MT940 statement, written from SWIFT's field rules (SWIFT Standards MT, Category 9,
/// "MT 940 Customer Statement Message": field 20 Transaction Reference Number <c>16x</c>, 25 Account Identification
/// <c>35x</c>, 28C Statement Number/Sequence Number <c>5n[/5n]</c>, 60a Opening Balance <c>1!a6!n3!a15d</c>, 61 Statement
/// Line <c>6!n[4!n]2a[1!a]15d1!a3!c16x[//16x][34x]</c>, 86 Information to Account Owner <c>6*65x</c>, 62a Closing Balance
/// <c>1!a6!n3!a15d</c>; the X character set and the rule that a line of text may not start with ':' or '-', from the
/// Standards' general field definitions). It throws on the first rule broken, and checks that the opening balance plus
/// the statement lines is the closing balance.
/// </summary>
internal static partial class Mt940Checker
{
    public static Mt940 Read(string text)
    {
        Assert.True(text.EndsWith("\r\n", StringComparison.Ordinal), "every line ends with CRLF");
        string[] lines = text[..^2].Split("\r\n");
        Assert.All(lines, line => Assert.Matches(XLine(), line));

        var fields = new List<(string Tag, List<string> Lines)>();
        foreach (string line in lines)
        {
            Match tag = Tag().Match(line);
            if (tag.Success)
            {
                fields.Add((tag.Groups[1].Value, [line[tag.Length..]]));
            }
            else
            {
                Assert.True(fields.Count > 0 && fields[^1].Tag == "86", $"only field 86 continues on a second line: '{line}'");
                fields[^1].Lines.Add(line);
            }
        }

        int at = 0;
        string Next(string tag)
        {
            Assert.True(at < fields.Count && fields[at].Tag == tag, $"field {tag} expected at position {at}");
            Assert.True(tag == "86" || fields[at].Lines.Count == 1, $"field {tag} is one line");
            return string.Join("\n", fields[at++].Lines);
        }

        string reference = Next("20");
        Assert.Matches(@"^(?!/)(?!.*//)(?!.*/$).{1,16}$", reference);
        string account = Next("25");
        Assert.InRange(account.Length, 1, 35);
        string number = Next("28C");
        Assert.Matches(@"^\d{1,5}(/\d{1,5})?$", number);
        Balance opening = ReadBalance(Next("60F"));
        var entries = new List<Entry>();
        while (at < fields.Count && fields[at].Tag == "61")
        {
            Match line = StatementLine().Match(Next("61"));
            Assert.True(line.Success, "field 61 follows 6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]");
            string information = at < fields.Count && fields[at].Tag == "86" ? Next("86") : string.Empty;
            string[] informationLines = information.Split('\n');
            Assert.InRange(informationLines.Length, 1, 6);
            Assert.All(informationLines, l => Assert.InRange(l.Length, 0, 65));
            Assert.All(informationLines, l => Assert.False(l.StartsWith(':') || l.StartsWith('-'), "a text line starts with neither ':' nor '-'"));
            decimal amount = Amount(line.Groups["amount"].Value);
            entries.Add(new Entry(Date(line.Groups["value"].Value), line.Groups["mark"].Value is "D" or "RC" ? -amount : amount, line.Groups["ref"].Value,
                string.Concat(informationLines)));
        }

        Balance closing = ReadBalance(Next("62F"));
        Assert.Equal(fields.Count, at);
        Assert.Equal(opening.Currency, closing.Currency);
        Assert.Equal(closing.Amount, opening.Amount + entries.Sum(e => e.Amount));
        return new Mt940(reference, account, number, opening, entries, closing);
    }

    private static Balance ReadBalance(string value)
    {
        Match match = BalanceField().Match(value);
        Assert.True(match.Success, $"a balance follows 1!a6!n3!a15d: '{value}'");
        decimal amount = Amount(match.Groups[4].Value);
        return new Balance(Date(match.Groups[2].Value), match.Groups[3].Value, match.Groups[1].Value == "D" ? -amount : amount);
    }

    // 15d: at most 15 characters, digits with exactly one comma as the decimal mark and at least one digit before it.
    private static decimal Amount(string value)
    {
        Assert.Matches(@"^\d+,\d*$", value);
        Assert.InRange(value.Length, 2, 15);
        return decimal.Parse(value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    private static DateOnly Date(string yymmdd) => DateOnly.ParseExact(yymmdd, "yyMMdd", CultureInfo.InvariantCulture);

    // The X set: a-z A-Z 0-9 / - ? : ( ) . , ' + space.
    [GeneratedRegex(@"^[A-Za-z0-9/\-?:().,'+ ]*$")]
    private static partial Regex XLine();

    [GeneratedRegex(@"^:(20|25|28C|60F|60M|61|86|62F|62M|64|65):")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^([CD])(\d{6})([A-Z]{3})([\d,]{1,15})$")]
    private static partial Regex BalanceField();

    [GeneratedRegex(@"^(?<value>\d{6})(?<entry>\d{4})?(?<mark>RC|RD|C|D)(?<funds>[A-Z])?(?<amount>\d[\d,]{0,14})(?<type>[NSF][A-Z0-9]{3})(?<ref>[^/].{0,15}?)(//(?<bank>.{1,16}))?$")]
    private static partial Regex StatementLine();
}

internal sealed record Mt940(string Reference, string Account, string Number, Balance Opening, IReadOnlyList<Entry> Entries, Balance Closing);

internal sealed record Balance(DateOnly Date, string Currency, decimal Amount);

internal sealed record Entry(DateOnly ValueDate, decimal Amount, string Reference, string Information);
