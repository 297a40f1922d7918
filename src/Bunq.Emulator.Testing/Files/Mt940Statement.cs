using System.Globalization;
using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// A statement as SWIFT MT940 (Customer Statement Message), the fields of its text block one per CRLF-ended line:
/// <c>:20:</c> reference (16x), <c>:25:</c> account (35x), <c>:28C:</c> statement/sequence number (5n[/5n]), <c>:60F:</c>
/// opening balance (1!a6!n3!a15d), per payment a <c>:61:</c> statement line (6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]) and a
/// <c>:86:</c> information line (6*65x), and <c>:62F:</c> closing balance (1!a6!n3!a15d). Amounts use a decimal comma;
/// text keeps to SWIFT's X character set, and no text line starts with ':' or '-'.
/// </summary>
internal static class Mt940Statement
{
    private const int LineLength = 65;
    private const int InformationLines = 6;

    public static byte[] Write(StatementBook book, long statementId, int number)
    {
        var text = new StringBuilder();
        Field(text, "20", "BUNQ" + statementId.ToString(CultureInfo.InvariantCulture));
        Field(text, "25", book.Account.Iban);
        Field(text, "28C", number.ToString("00000", CultureInfo.InvariantCulture) + "/00001");
        Field(text, "60F", Balance(book.Opening, book.Start, book.Account.Currency));
        foreach (StatementLine line in book.Lines)
        {
            string date = line.Date.ToString("yyMMdd", CultureInfo.InvariantCulture);
            string id = line.Id.ToString(CultureInfo.InvariantCulture);
            Field(text, "61", date + line.Date.ToString("MMdd", CultureInfo.InvariantCulture) + Mark(line.Amount) + Amount(line.Amount) + "NTRF" + id + "//" + id);
            Field(text, "86", Information(line));
        }

        Field(text, "62F", Balance(book.Closing, book.End, book.Account.Currency));
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static void Field(StringBuilder text, string tag, string value) => text.Append(':').Append(tag).Append(':').Append(value).Append("\r\n");

    private static string Balance(decimal value, DateOnly date, string currency) =>
        Mark(value) + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + currency + Amount(value);

    private static string Mark(decimal value) => value < 0 ? "D" : "C";

    // 15d: digits and one comma as the decimal mark, the sign carried by the D/C mark.
    private static string Amount(decimal value) => Math.Abs(value).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');

    /// <summary>The counterparty and description in X characters, cut into at most six lines of 65.</summary>
    private static string Information(StatementLine line)
    {
        string clean = Clean("/NAME/" + line.Name + "/IBAN/" + line.Counterparty + "/REMI/" + line.Description);
        var lines = new List<string>();
        for (int at = 0; at < clean.Length && lines.Count < InformationLines; at += LineLength)
        {
            string part = clean.Substring(at, Math.Min(LineLength, clean.Length - at));
            lines.Add(part[0] is ':' or '-' ? " " + part[1..] : part); // a line starting so would read as a new field or the end
        }

        return string.Join("\r\n", lines);
    }

    // SWIFT's X set: a-z A-Z 0-9 / - ? : ( ) . , ' + and space. Everything else (line breaks, quotes, accents, control
    // characters in untrusted text) becomes a space.
    private static string Clean(string value)
    {
        var clean = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) || "/-?:().,'+ ".Contains(c, StringComparison.Ordinal) ? c : ' ');
        }

        return clean.ToString();
    }
}
