using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>Payments (create, get, paginated list) and request-inquiry (sugar daddy top-ups).</summary>
internal static class PaymentRoutes
{
    private const string Payments = "/v1/user/{userID}/monetary-account/{monetary-accountID}/payment";
    private const string Inquiries = "/v1/user/{userID}/monetary-account/{monetary-accountID}/request-inquiry";
    private const string SugarDaddy = "sugardaddy@bunq.com";
    private const decimal SugarDaddyLimit = 500m;

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        // bunq enforces signatures on calls that execute payments (bunq-protocol.md §3.1).
        routes.Map("POST", Payments, context => Create(context, state), RouteAuth.Session, signatureRequired: true);
        routes.Map("GET", Payments + "/{itemId}", context => Get(context, state), RouteAuth.Session);
        routes.Map("GET", Payments, context => List(context, state), RouteAuth.Session);
        routes.Map("POST", Inquiries, context => CreateInquiry(context, state), RouteAuth.Session);
        routes.Map("GET", Inquiries + "/{itemId}", context => GetInquiry(context, state), RouteAuth.Session);
    }

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        JsonElement? alias = body.Child("counterparty_alias");
        string? type = alias.String("type");
        string? value = alias.String("value");
        if (!body.TryAmount("amount", out decimal amount, out string currency) || type is null || value is null)
        {
            return Error(400, "A payment needs 'amount' (positive value and currency) and 'counterparty_alias' (type and value).");
        }

        lock (state.Gate)
        {
            if (!AccountRoutes.TryOwnAccount(context, state, "monetary-accountID", out Account account, out IResult? refusal))
            {
                return refusal!;
            }

            if (currency != account.Currency)
            {
                return Error(400, $"The payment currency {currency} differs from the account currency {account.Currency}.");
            }

            if (account.Balance < amount)
            {
                return Error(400, "Insufficient balance for this payment.");
            }

            string description = body.String("description") ?? string.Empty;
            account.Balance -= amount;
            var payment = new Payment(state.NextId(), account.Id, -amount, currency, description, type, value, alias.String("name"), state.Now);
            state.Payments.Add(payment);
            if (type == "IBAN" && state.FindAccountByIban(value) is { } target && target.Currency == currency)
            {
                target.Balance += amount;
                state.Payments.Add(new Payment(state.NextId(), target.Id, amount, currency, description, "IBAN", account.Iban, account.Description, state.Now));
            }

            return Ok(Id(payment.Id));
        }
    }

    private static IResult Get(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            if (!AccountRoutes.TryOwnAccount(context, state, "monetary-accountID", out Account account, out IResult? refusal))
            {
                return refusal!;
            }

            Payment? payment = state.Payments.Find(p => p.Id == context.RouteLong("itemId") && p.AccountId == account.Id);
            return payment is null ? Error(404, "Payment not found.") : Ok(PaymentItem(payment, account));
        }
    }

    private static IResult List(HttpContext context, EmulatorState state)
    {
        IQueryCollection query = context.Request.Query;
        int count = 10;
        if (query.TryGetValue("count", out var countText)
            && (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 200))
        {
            return Error(400, "Parameter 'count' must be between 1 and 200.");
        }

        long? olderId = QueryLong(query, "older_id");
        long? newerId = QueryLong(query, "newer_id");
        lock (state.Gate)
        {
            if (!AccountRoutes.TryOwnAccount(context, state, "monetary-accountID", out Account account, out IResult? refusal))
            {
                return refusal!;
            }

            List<Payment> all = state.Payments.Where(p => p.AccountId == account.Id).OrderByDescending(p => p.Id).ToList();
            List<Payment> page = newerId is { } newer
                ? all.Where(p => p.Id > newer).OrderBy(p => p.Id).Take(count).OrderByDescending(p => p.Id).ToList()
                : all.Where(p => olderId is null || p.Id < olderId).Take(count).ToList();
            return Ok(page.Select(p => PaymentItem(p, account)), Pagination(context.Request.Path, all, page, count));
        }
    }

    /// <summary>bunq's links: <c>older_id</c> is the oldest id on this page, <c>newer_id</c> the newest.</summary>
    private static JsonObject Pagination(PathString path, List<Payment> all, List<Payment> page, int count)
    {
        string? older = null, newer = null, future = null;
        if (page.Count > 0)
        {
            long oldest = page[^1].Id, newest = page[0].Id;
            string Link(string name, long id) => $"{path}?count={count}&{name}={id.ToString(CultureInfo.InvariantCulture)}";
            older = all.Exists(p => p.Id < oldest) ? Link("older_id", oldest) : null;
            bool hasNewer = all.Exists(p => p.Id > newest);
            newer = hasNewer ? Link("newer_id", newest) : null;
            future = hasNewer ? null : Link("newer_id", newest);
        }

        return new JsonObject { ["future_url"] = future, ["newer_url"] = newer, ["older_url"] = older };
    }

    private static JsonObject PaymentItem(Payment payment, Account account) => Item("Payment", new JsonObject
    {
        ["id"] = payment.Id,
        ["created"] = Time(payment.Created),
        ["updated"] = Time(payment.Created),
        ["monetary_account_id"] = payment.AccountId,
        ["amount"] = Amount(payment.Amount, payment.Currency),
        ["description"] = payment.Description,
        ["type"] = "BUNQ",
        ["alias"] = new JsonObject { ["iban"] = account.Iban, ["display_name"] = account.Description },
        ["counterparty_alias"] = new JsonObject
        {
            ["iban"] = payment.CounterpartyType == "IBAN" ? payment.CounterpartyValue : null,
            ["display_name"] = payment.CounterpartyName ?? payment.CounterpartyValue,
        },
    });

    private static IResult CreateInquiry(HttpContext context, EmulatorState state)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string? counterparty = body.Child("counterparty_alias").String("value");
        if (!body.TryAmount("amount_inquired", out decimal amount, out string currency) || counterparty is null)
        {
            return Error(400, "A request needs 'amount_inquired' and 'counterparty_alias'.");
        }

        lock (state.Gate)
        {
            if (!AccountRoutes.TryOwnAccount(context, state, "monetary-accountID", out Account account, out IResult? refusal))
            {
                return refusal!;
            }

            bool sugarDaddy = string.Equals(counterparty, SugarDaddy, StringComparison.OrdinalIgnoreCase);
            if (sugarDaddy && amount > SugarDaddyLimit)
            {
                return Error(400, "Sugar Daddy gives at most 500 per request.");
            }

            // The sandbox's sugar daddy accepts at once; other counterparties leave the request pending.
            var inquiry = new RequestInquiry(state.NextId(), account.Id, amount, currency, counterparty, sugarDaddy ? "ACCEPTED" : "PENDING");
            state.Inquiries.Add(inquiry.Id, inquiry);
            if (sugarDaddy)
            {
                account.Balance += amount;
                state.Payments.Add(new Payment(state.NextId(), account.Id, amount, currency, "Sugar Daddy top-up", "EMAIL", SugarDaddy, "Sugar Daddy", state.Now));
            }

            return Ok(Id(inquiry.Id));
        }
    }

    private static IResult GetInquiry(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            if (!AccountRoutes.TryOwnAccount(context, state, "monetary-accountID", out Account account, out IResult? refusal))
            {
                return refusal!;
            }

            if (!state.Inquiries.TryGetValue(context.RouteLong("itemId"), out RequestInquiry? inquiry) || inquiry.AccountId != account.Id)
            {
                return Error(404, "Request not found.");
            }

            return Ok(Item("RequestInquiry", new JsonObject
            {
                ["id"] = inquiry.Id,
                ["monetary_account_id"] = inquiry.AccountId,
                ["amount_inquired"] = Amount(inquiry.Amount, inquiry.Currency),
                ["counterparty_alias"] = new JsonObject { ["display_name"] = inquiry.Counterparty },
                ["status"] = inquiry.Status,
            }));
        }
    }

    private static long? QueryLong(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;
}
