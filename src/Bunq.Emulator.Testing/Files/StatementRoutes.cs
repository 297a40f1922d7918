using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>/user/{userID}/monetary-account/{monetary-accountID}/customer-statement</c>: "Statement exports can be created in either
/// CSV, MT940 or PDF file format" (bunq's OpenAPI description). The request is bunq's <c>ExportStatement</c>:
/// <c>statement_format</c>, <c>date_start</c>, <c>date_end</c> (<c>yyyy-MM-dd</c>, as bunq/sdk_python
/// <c>examples/customer_statement_export_example.py</c> sends them) and <c>regional_format</c>, "Required for CSV exports".
/// The file is made at creation from the account's payments and kept; <c>…/content</c> answers it. Items are wrapped as
/// the catalogue's answer object for the route (<c>CustomerStatement</c>, as bunq's SDKs read it; data/bunq-facts.txt).
/// </summary>
internal static class StatementRoutes
{
    private const string Statements = "/v1/user/{userID}/monetary-account/{monetary-accountID}/customer-statement";
    private static readonly string ItemType = Bunq.Catalogue.BunqCatalogue.Embedded.AnswerObject("GET", Statements["/v1".Length..] + "/{itemId}");

    private static readonly string[] Formats = ["CSV", "MT940", "PDF"];

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", Statements, context => Create(context, state), RouteAuth.Session);
        ExportRoutes.Map(routes, Statements, "customer-statementID", ItemType, "Statement export", state.Files.Statements,
            (context, statement) => statement.AccountId == CallContext.Of(context).Account!.Id, statement => Describe(state, statement));
    }

    /// <summary>Reads a <c>yyyy-MM-dd</c> date, bunq's format for export ranges.</summary>
    public static bool TryDate(JsonElement? body, string name, out DateOnly date) =>
        DateOnly.TryParseExact(body.String(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string? format = body.String("statement_format");
        string? regional = body.String("regional_format");
        if (format is null || !Formats.Contains(format, StringComparer.Ordinal))
        {
            return Error(400, "Field 'statement_format' must be one of MT940, CSV, PDF.");
        }

        if (!TryDate(body, "date_start", out DateOnly start) || !TryDate(body, "date_end", out DateOnly end))
        {
            return Error(400, "Fields 'date_start' and 'date_end' are required, as yyyy-MM-dd.");
        }

        if (end < start)
        {
            return Error(400, "Field 'date_end' lies before 'date_start'.");
        }

        if ((format == "CSV" || regional is not null) && !RegionalFormat.IsKnown(regional))
        {
            return Error(400, "Field 'regional_format' is required for CSV exports and must be UK_US or EUROPEAN.");
        }

        Account account = CallContext.Of(context).Account!;
        long id = state.NextId();
        int number = 1 + state.Files.Statements.Values.Count(s => s.AccountId == account.Id);
        StatementBook book = StatementBook.Of(state, account, start, end);
        StoredFile file = format switch
        {
            "CSV" => new StoredFile("text/csv", CsvStatement.Write(book, regional!)),
            "MT940" => new StoredFile("text/plain", Mt940Statement.Write(book, id, number)),
            _ => new StoredFile("application/pdf", PdfText.Write(PdfLines(book, number, regional))),
        };
        var statement = new StatementExport(id, account.Id, number, format, start, end, regional, state.Now) { File = file };
        state.Files.Statements.Add(id, statement);
        return Ok(Id(id));
    }

    private static JsonObject Describe(EmulatorState state, StatementExport statement)
    {
        Account account = state.Accounts[statement.AccountId];
        return state.Objects.Build("ExportStatementRead", statement.Id, state.Users[account.UserId], new JsonObject
        {
            ["created"] = Time(statement.Created),
            ["updated"] = Time(statement.Created),
            ["date_start"] = statement.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["date_end"] = statement.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["status"] = "DONE",
            ["statement_number"] = statement.Number,
            ["statement_format"] = statement.Format,
            ["regional_format"] = statement.RegionalFormat,
            ["alias_monetary_account"] = BunqObjects.AccountLabel(account, state.Users.GetValueOrDefault(account.UserId)),
        });
    }

    /// <summary>The statement as lines of text: heading, balances, one line per payment (amounts in the regional format, UK_US by default).</summary>
    private static List<string> PdfLines(StatementBook book, int number, string? regional)
    {
        string Money(decimal value) => RegionalFormat.Amount(value, regional) + " " + book.Account.Currency;
        var lines = new List<string>
        {
            "bunq statement " + number.ToString(CultureInfo.InvariantCulture) + " - " + book.Holder,
            "Account " + book.Account.Iban,
            "Period " + book.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " to " + book.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "Opening balance " + Money(book.Opening),
            string.Empty,
        };
        lines.AddRange(book.Lines.Select(l =>
            l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "  " + Money(l.Amount) + "  " + l.Name.ReplaceLineEndings(" ") + "  " + l.Description.ReplaceLineEndings(" ")));
        lines.Add(string.Empty);
        lines.Add("Closing balance " + Money(book.Closing));
        return lines;
    }
}
