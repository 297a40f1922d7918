using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Bunq.Quickstart;

/// <summary>The bookkeeping step: a receipt image attached to the payment, and this month's statement downloaded as CSV.</summary>
internal static class QuickstartReceipt
{
    private const int ShownLines = 5;

    /// <summary>A real PNG (one white pixel) standing in for a scanned receipt.</summary>
    private static readonly byte[] ReceiptPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC");

    public static async Task RunAsync(Bank bank, long accountId, long paymentId, TimeProvider time, CancellationToken cancellationToken)
    {
        BunqId receipt = await bank.Attachments.UploadAsync(bank.UserId, accountId, ReceiptPng, "image/png", "Quickstart receipt", cancellationToken);
        await bank.Attachments.AttachToPaymentAsync(bank.UserId, accountId, paymentId, new NewNoteAttachment(receipt.Id, "Receipt"), cancellationToken);
        AnsiConsole.MarkupLine($"[green]✓[/] Attached receipt [blue]{receipt.Id}[/] ({ReceiptPng.Length} bytes, image/png, signed over its bytes) to payment [blue]{paymentId}[/].");

        DateOnly today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var month = new NewCustomerStatement("CSV", new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "UK_US");
        BunqId statement = await bank.Statements.CreateAsync(bank.UserId, accountId, month, cancellationToken);
        byte[] csv = await bank.Statements.ContentAsync(bank.UserId, accountId, statement.Id, cancellationToken);
        string[] lines = Encoding.UTF8.GetString(csv).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        AnsiConsole.MarkupLine($"[green]✓[/] This month's statement as CSV ({lines.Length - 1} payments, {csv.Length} bytes, verified); the first lines:");
        foreach (string line in lines.Take(ShownLines))
        {
            AnsiConsole.MarkupLine("  [grey]" + Markup.Escape(Printable(line)) + "[/]");
        }
    }

    // The file is the bank's text, shown on a terminal: control characters (escape sequences included) become spaces.
    private static string Printable(string line) => string.Create(line.Length, line, (span, text) =>
    {
        for (int i = 0; i < text.Length; i++)
        {
            span[i] = char.IsControl(text[i]) ? ' ' : text[i];
        }
    });
}
