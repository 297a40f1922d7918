using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// A statement as CSV (RFC 4180: a header row, one CRLF-ended record per payment, every field quoted, quotes doubled), with
/// the columns of bunq's statement export — Date, Interest Date, Amount, Account, Counterparty, Name, Description — and
/// the separator and decimal mark of <c>regional_format</c>. bunq does not publish its columns; these are the ones its
/// exports carry as importers read them (GhostfolioSidekick's bunq parser, <c>BunqRecord</c>: Date, Interest Date, Amount, Name, Description).
/// </summary>
internal static class CsvStatement
{
    private static readonly string[] Header = ["Date", "Interest Date", "Amount", "Account", "Counterparty", "Name", "Description"];

    public static byte[] Write(StatementBook book, string regionalFormat)
    {
        char separator = RegionalFormat.Separator(regionalFormat);
        var csv = new StringBuilder();
        Record(csv, separator, Header);
        foreach (StatementLine line in book.Lines)
        {
            string date = line.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Record(csv, separator,
                [date, date, RegionalFormat.Amount(line.Amount, regionalFormat), book.Account.Iban, Text(line.Counterparty), Text(line.Name), Text(line.Description)]);
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static void Record(StringBuilder csv, char separator, string[] fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(separator);
            }

            csv.Append('"').Append(fields[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        csv.Append("\r\n");
    }

    // Text a payer wrote is untrusted: line breaks become spaces (one record per line for line-based readers), and a
    // leading = + - @ is quoted with an apostrophe so a spreadsheet opening the file shows it instead of running it
    // (OWASP, "CSV Injection").
    private static string Text(string value)
    {
        string flat = value.ReplaceLineEndings(" ");
        return flat.Length > 0 && flat[0] is '=' or '+' or '-' or '@' or '\t' ? "'" + flat : flat;
    }
}
