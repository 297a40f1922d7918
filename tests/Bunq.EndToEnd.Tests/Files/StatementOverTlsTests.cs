using System.Globalization;
using System.Text;
using Bunq.Emulator;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// Statement exports over TLS: made from the account's actual payments on three days (31 December to 2 January), each
/// format read by an independent reader, for a range that holds some of the payments and not others.
/// </summary>
public class StatementOverTlsTests
{
    private const string Coffee = "coffee, beans; \"best\"";
    private const string Rent = "rent January";
    private const string Formula = "=SUM(A1:A9)";

    [Theory]
    [InlineData("UK_US", ',', "-100.00")]
    [InlineData("EUROPEAN", ';', "-100,00")]
    public async Task The_csv_statement_holds_exactly_the_payments_of_its_range_in_the_regional_format(string regional, char separator, string rentAmount)
    {
        await using Ledger ledger = await Ledger.StartAsync();

        string csv = await ledger.StatementAsync("CSV", regional);

        List<string[]> rows = Csv(csv, separator);
        Assert.Equal(["Date", "Interest Date", "Amount", "Account", "Counterparty", "Name", "Description"], rows[0]);
        Assert.Equal(3, rows.Count); // the header and the two payments of 1 and 2 January, not those of 31 December
        Assert.Equal(["2026-01-01", "2026-01-01", rentAmount], rows[1][..3]);
        Assert.Equal(Rent, rows[1][6]);
        Assert.Equal("'" + Formula, rows[2][6]); // quoted so a spreadsheet shows it instead of running it
        Assert.All(rows.Skip(1), row => Assert.Equal(ledger.Iban, row[3]));
        decimal sum = rows.Skip(1).Sum(row => decimal.Parse(row[2].Replace(',', '.'), NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        Assert.Equal(-107.25m, sum);
    }

    [Fact]
    public async Task The_csv_quotes_separators_and_quotes_inside_a_field()
    {
        await using Ledger ledger = await Ledger.StartAsync();

        string csv = await ledger.StatementAsync("CSV", "UK_US", "2025-12-31", "2025-12-31");

        List<string[]> rows = Csv(csv, ',');
        Assert.Equal(3, rows.Count);
        Assert.Equal(["500.00", "-20.50"], rows.Skip(1).Select(r => r[2]));
        Assert.Equal(Coffee, rows[2][6]);
    }

    [Fact]
    public async Task The_mt940_statement_parses_strictly_and_its_balances_match_the_account_in_either_regional_format()
    {
        await using Ledger ledger = await Ledger.StartAsync();

        // SWIFT fixes MT940's amounts (a comma before the decimals) whatever regional_format says, so each reads the same
        foreach (string? regional in new[] { null, "UK_US", "EUROPEAN" })
        {
            Mt940 statement = Mt940Checker.Read(await ledger.StatementAsync("MT940", regional));

            Assert.Equal(ledger.Iban, statement.Account);
            Assert.Equal(new Balance(new DateOnly(2026, 1, 1), "EUR", 479.50m), statement.Opening);
            Assert.Equal(new Balance(new DateOnly(2026, 1, 2), "EUR", 372.25m), statement.Closing);
            Assert.Equal(ledger.Balance, statement.Closing.Amount);
            Assert.Equal([-100m, -7.25m], statement.Entries.Select(e => e.Amount));
            Assert.Contains("rent January", statement.Entries[0].Information, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("UK_US", "-100.00", "479.50", "372.25")]
    [InlineData("EUROPEAN", "-100,00", "479,50", "372,25")]
    public async Task The_pdf_statement_opens_in_an_independent_reader_and_holds_every_payment(string regional, string rent, string opening, string closing)
    {
        await using Ledger ledger = await Ledger.StartAsync();

        byte[] pdf = await ledger.StatementBytesAsync("PDF", regional, "2026-01-01", "2026-01-02");

        using PdfDocument document = PdfDocument.Open(pdf);
        string text = string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains(rent, text, StringComparison.Ordinal);
        Assert.Contains("SUM(A1:A9)", text, StringComparison.Ordinal);
        Assert.Contains(opening, text, StringComparison.Ordinal);
        Assert.Contains(closing, text, StringComparison.Ordinal);
        Assert.DoesNotContain("coffee", text, StringComparison.Ordinal);
        Assert.Contains(ledger.Iban, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_statement_without_a_regional_format_is_bunqs_400()
    {
        await using Ledger ledger = await Ledger.StartAsync();

        var e = await Assert.ThrowsAsync<BunqApiException>(() => ledger.Bank.Statements.CreateAsync(ledger.Bank.UserId, ledger.Bank.AccountId,
            new NewCustomerStatement("CSV", "2026-01-01", "2026-01-02")));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("regional_format", Assert.Single(e.Errors), StringComparison.Ordinal);
    }

    /// <summary>RFC 4180 records: quoted fields may hold the separator, doubled quotes and line breaks.</summary>
    internal static List<string[]> Csv(string text, char separator)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.False(quoted, "every quote is closed");
        Assert.True(row.Count == 0 && field.Length == 0, "the last record ends with CRLF");
        return rows;
    }

    /// <summary>A sugar-daddy top-up and a payment on 31 December 2025, a payment on 1 January and one on 2 January 2026.</summary>
    internal sealed class Ledger : IAsyncDisposable
    {
        private Ledger(FileBank bank, string iban)
        {
            Bank = bank;
            Iban = iban;
        }

        public FileBank Bank { get; }

        public string Iban { get; }

        public decimal Balance => 372.25m;

        public static async Task<Ledger> StartAsync()
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 10, 0, 0, TimeSpan.Zero));
            FileBank bank = await FileBank.StartAsync(emulatorOptions: new BunqEmulatorOptions { TimeProvider = time });
            var sugarDaddy = new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" };
            IPayments payments = bank.Bank.Payments;
            await payments.RequestAsync(bank.UserId, bank.AccountId, new NewRequestInquiry(BunqAmount.Of(500, "EUR"), sugarDaddy, "top up", false));
            await payments.CreateAsync(bank.UserId, bank.AccountId, new NewPayment(BunqAmount.Of(20.50m, "EUR"), sugarDaddy, Coffee));
            time.Advance(TimeSpan.FromDays(1));
            await payments.CreateAsync(bank.UserId, bank.AccountId, new NewPayment(BunqAmount.Of(100, "EUR"), sugarDaddy, Rent));
            time.Advance(TimeSpan.FromDays(1));
            await payments.CreateAsync(bank.UserId, bank.AccountId, new NewPayment(BunqAmount.Of(7.25m, "EUR"), sugarDaddy, Formula));
            AccountAliases account = await bank.Statements.AccountAsync(bank.UserId, bank.AccountId);
            Assert.Equal(372.25m, account.Balance.ToDecimal());
            return new Ledger(bank, account.Alias.Single(a => a.Type == "IBAN").Value);
        }

        public async Task<string> StatementAsync(string format, string? regional, string start = "2026-01-01", string end = "2026-01-02") =>
            Encoding.UTF8.GetString(await StatementBytesAsync(format, regional, start, end));

        public async Task<byte[]> StatementBytesAsync(string format, string? regional, string start, string end)
        {
            BunqId id = await Bank.Statements.CreateAsync(Bank.UserId, Bank.AccountId, new NewCustomerStatement(format, start, end, regional));
            return await Bank.Statements.ContentAsync(Bank.UserId, Bank.AccountId, id.Id);
        }

        public ValueTask DisposeAsync() => Bank.DisposeAsync();
    }
}
