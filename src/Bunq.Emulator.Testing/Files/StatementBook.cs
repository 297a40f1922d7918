using System.Globalization;

namespace Bunq.Emulator;

/// <summary>
/// What every statement format writes, taken from the account's actual payments: the payments whose UTC date lies in
/// the range (both ends included), and the balances around them. The balances are counted back from the account's
/// current balance, so the closing balance of a range that ends today is the balance the account shows.
/// </summary>
internal sealed record StatementBook(Account Account, string Holder, DateOnly Start, DateOnly End, decimal Opening, decimal Closing, IReadOnlyList<StatementLine> Lines)
{
    public static StatementBook Of(EmulatorState state, Account account, DateOnly start, DateOnly end)
    {
        var lines = new List<StatementLine>();
        decimal after = 0m; // money that moved after the range
        foreach (Payment payment in state.Payments.Where(p => p.AccountId == account.Id).OrderBy(p => p.Created).ThenBy(p => p.Id))
        {
            DateOnly day = DateOnly.FromDateTime(payment.Created.UtcDateTime);
            if (day > end)
            {
                after += payment.Amount;
            }
            else if (day >= start)
            {
                lines.Add(new StatementLine(payment.Id, day, payment.Amount, payment.CounterpartyValue, payment.CounterpartyName ?? payment.CounterpartyValue, payment.Description));
            }
        }

        decimal closing = account.Balance - after;
        decimal opening = closing - lines.Sum(l => l.Amount);
        return new StatementBook(account, state.Users[account.UserId].DisplayName, start, end, opening, closing, lines);
    }
}

/// <summary>One payment on a statement.</summary>
/// <param name="Id">The payment's id.</param>
/// <param name="Date">Its UTC date.</param>
/// <param name="Amount">Negative for money leaving the account.</param>
/// <param name="Counterparty">The other side's IBAN or e-mail.</param>
/// <param name="Name">The other side's name.</param>
/// <param name="Description">The payment's description, as the payer wrote it (untrusted text).</param>
internal sealed record StatementLine(long Id, DateOnly Date, decimal Amount, string Counterparty, string Name, string Description);

/// <summary>bunq's <c>regional_format</c>: "UK_US (comma-separated) or EUROPEAN (semicolon-separated)" (bunq's <c>ExportStatement</c> schema).</summary>
internal static class RegionalFormat
{
    public const string UkUs = "UK_US";
    public const string European = "EUROPEAN";

    public static bool IsKnown(string? value) => value is UkUs or European;

    /// <summary>The field separator: a comma for UK_US, a semicolon for EUROPEAN.</summary>
    public static char Separator(string? format) => format == European ? ';' : ',';

    /// <summary>An amount with two decimals and no grouping: <c>-1234.50</c> (UK_US) or <c>-1234,50</c> (EUROPEAN).</summary>
    public static string Amount(decimal value, string? format)
    {
        string text = value.ToString("0.00", CultureInfo.InvariantCulture);
        return format == European ? text.Replace('.', ',') : text;
    }
}
