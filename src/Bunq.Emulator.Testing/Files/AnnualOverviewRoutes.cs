using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>/user/{userID}/export-annual-overview</c>: "Create a new annual overview for a specific year. An overview can be
/// generated only for a past year", downloaded "in PDF format via the 'export-annual-overview/{id}/content' endpoint"
/// (bunq's OpenAPI description). The overview covers all the user's accounts: balance on 1 January, money in, money out,
/// balance on 31 December, from the accounts' payments.
/// </summary>
internal static class AnnualOverviewRoutes
{
    private const string Overviews = "/v1/user/{userID}/export-annual-overview";
    private const string ItemType = "ExportAnnualOverview";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", Overviews, context => Create(context, state), RouteAuth.Session);
        ExportRoutes.Map(routes, Overviews, "export-annual-overviewID", ItemType, "Annual overview", state.Files.Overviews,
            (context, overview) => overview.UserId == CallContext.Of(context).Session!.DataOwner.Id, overview => Describe(state, overview));
    }

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        JsonElement? year = RequestJson.Parse(CallContext.Of(context).Body).Child("year");
        if (year is not { ValueKind: JsonValueKind.Number } || !year.Value.TryGetInt32(out int value) || value < 1)
        {
            return Error(400, "Field 'year' is required: the year the overview covers.");
        }

        Session session = CallContext.Of(context).Session!;
        if (value >= state.Now.UtcDateTime.Year)
        {
            return Error(400, "An overview can be generated only for a past year.");
        }

        var overview = new AnnualOverview(state.NextId(), session.DataOwner.Id, value, state.Now)
        {
            File = new StoredFile("application/pdf", PdfText.Write(Lines(state, session.DataOwner, value))),
        };
        state.Files.Overviews.Add(overview.Id, overview);
        return Ok(Id(overview.Id));
    }

    private static JsonObject Describe(EmulatorState state, AnnualOverview overview)
    {
        User user = state.Users[overview.UserId];
        return state.Objects.Build("ExportAnnualOverviewRead", overview.Id, user, new JsonObject
        {
            ["created"] = Time(overview.Created),
            ["updated"] = Time(overview.Created),
            ["year"] = overview.Year,
            ["alias_user"] = BunqObjects.UserLabel(user.DisplayName, "user", user.Id),
        });
    }

    private static List<string> Lines(EmulatorState state, User user, int year)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var lines = new List<string> { "bunq annual overview " + year.ToString(CultureInfo.InvariantCulture) + " - " + user.DisplayName, string.Empty };
        foreach (Account account in state.Accounts.Values.Where(a => a.UserId == user.Id).OrderBy(a => a.Id))
        {
            StatementBook book = StatementBook.Of(state, account, first, last);
            string Money(decimal value) => RegionalFormat.Amount(value, RegionalFormat.UkUs) + " " + account.Currency;
            lines.Add("Account " + account.Iban + " (" + account.Description + ")");
            lines.Add("Balance on " + first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ": " + Money(book.Opening));
            lines.Add("Money in: " + Money(book.Lines.Where(l => l.Amount > 0).Sum(l => l.Amount)));
            lines.Add("Money out: " + Money(-book.Lines.Where(l => l.Amount < 0).Sum(l => l.Amount)));
            lines.Add("Balance on " + last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ": " + Money(book.Closing));
            lines.Add(string.Empty);
        }

        return lines;
    }
}
