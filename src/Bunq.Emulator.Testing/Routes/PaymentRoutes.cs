using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Payments (create, get, paginated list) and request-inquiry (sugar daddy top-ups), under the sandbox's rules:
/// "We do not use real money and do not allow external transactions in the sandbox environment".
/// </summary>
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
        routes.Map("GET", Inquiries, context => ListInquiries(context, state), RouteAuth.Session);
        routes.Map("PUT", Inquiries + "/{itemId}", context => RevokeInquiry(context, state), RouteAuth.Session);
    }

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        JsonElement? alias = body.Child("counterparty_alias");
        string? type = alias.String("type");
        string? value = alias.String("value");
        if (!body.TryAmount("amount", out decimal amount, out string currency) || type is null || value is null)
        {
            return Error(400, "A payment needs 'amount' (positive value with at most two decimals, and currency) and 'counterparty_alias' (type and value).");
        }

        Account account = CallContext.Of(context).Account!;
        if (currency != account.Currency)
        {
            return Error(400, $"The payment currency {currency} differs from the account currency {account.Currency}.");
        }

        // Where the money goes: only bunq accounts exist in the sandbox. bunq's exact refusal text for an external
        // counterparty is not known to us; this 400 says what the rule is.
        bool toSugarDaddy = type == "EMAIL" && string.Equals(value, SugarDaddy, StringComparison.OrdinalIgnoreCase);
        Account? target = type switch
        {
            "IBAN" => state.FindAccountByIban(value),
            "EMAIL" when state.FindUserByEmail(value) is { } user => state.PrimaryAccount(user.Id, currency),
            _ => null,
        };
        if (target is null && !toSugarDaddy)
        {
            return Error(400, "The sandbox does not allow external transactions: pay another sandbox user's IBAN or e-mail, or sugardaddy@bunq.com.");
        }

        if (target is not null && target.Currency != currency)
        {
            return Error(400, $"The counterparty account holds {target.Currency}, not {currency}.");
        }

        if (account.Balance < amount)
        {
            return Error(400, "Insufficient balance for this payment.");
        }

        string description = body.String("description") ?? string.Empty;
        account.Balance -= amount;
        var payment = new Payment(state.NextId(), account.Id, -amount, currency, description, type, value, alias.String("name"), state.Now) { BalanceAfter = account.Balance };
        state.Payments.Add(payment);
        state.Events.Payment(state, payment);
        if (target is not null)
        {
            target.Balance += amount;
            state.Payments.Add(new Payment(state.NextId(), target.Id, amount, currency, description, "IBAN", account.Iban, state.Users[account.UserId].DisplayName, state.Now)
            {
                BalanceAfter = target.Balance,
            });
            state.Events.Payment(state, state.Payments[^1]);
        }

        return Ok(Id(payment.Id));
    }

    private static IResult Get(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        Payment? payment = state.Payments.Find(p => p.Id == context.RouteLong("itemId") && p.AccountId == account.Id);
        return payment is null ? Error(404, "Payment not found.") : Ok(PaymentItem(state, payment, account));
    }

    private static IResult List(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        Account account = CallContext.Of(context).Account!;
        return paging.Page(context, state.Payments.Where(p => p.AccountId == account.Id), p => p.Id, p => PaymentItem(state, p, account));
    }

    private static JsonObject PaymentItem(EmulatorState state, Payment payment, Account account) => Item("Payment", BunqObjects.Payment(state, payment, account));

    private static IResult CreateInquiry(HttpContext context, EmulatorState state)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string? counterparty = body.Child("counterparty_alias").String("value");
        if (!body.TryAmount("amount_inquired", out decimal amount, out string currency) || counterparty is null)
        {
            return Error(400, "A request needs 'amount_inquired' (positive value with at most two decimals, and currency) and 'counterparty_alias'.");
        }

        Account account = CallContext.Of(context).Account!;
        if (currency != account.Currency)
        {
            return Error(400, $"The requested currency {currency} differs from the account currency {account.Currency}.");
        }

        bool sugarDaddy = string.Equals(counterparty, SugarDaddy, StringComparison.OrdinalIgnoreCase);
        if (sugarDaddy && amount > SugarDaddyLimit)
        {
            return Error(400, "Sugar Daddy gives at most 500 per request.");
        }

        // The sandbox's sugar daddy accepts at once; other counterparties leave the request pending.
        var inquiry = new RequestInquiry(state.NextId(), account.Id, amount, currency, counterparty, sugarDaddy ? "ACCEPTED" : "PENDING")
        {
            Description = body.String("description") ?? string.Empty,
            Created = state.Now,
        };
        state.Inquiries.Add(inquiry.Id, inquiry);
        state.Events.Request(state, inquiry);
        if (sugarDaddy)
        {
            account.Balance += amount;
            state.Payments.Add(new Payment(state.NextId(), account.Id, amount, currency, "Sugar Daddy top-up", "EMAIL", SugarDaddy, "Sugar Daddy", state.Now)
            {
                BalanceAfter = account.Balance,
                SubType = "REQUEST",
            });
            state.Events.Payment(state, state.Payments[^1]);
        }

        return Ok(Id(inquiry.Id));
    }

    private static IResult GetInquiry(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        if (!state.Inquiries.TryGetValue(context.RouteLong("itemId"), out RequestInquiry? inquiry) || inquiry.AccountId != account.Id)
        {
            return Error(404, "Request not found.");
        }

        return Ok(Item("RequestInquiry", BunqObjects.RequestInquiry(state, inquiry, account)));
    }

    private static IResult ListInquiries(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        Account account = CallContext.Of(context).Account!;
        return paging.Page(context, state.Inquiries.Values.Where(q => q.AccountId == account.Id), q => q.Id,
            q => Item("RequestInquiry", BunqObjects.RequestInquiry(state, q, account)));
    }

    /// <summary>The requester can revoke a pending request (<c>{"status": "REVOKED"}</c>), the one change bunq allows it.</summary>
    private static IResult RevokeInquiry(HttpContext context, EmulatorState state)
    {
        string? status = RequestJson.Parse(CallContext.Of(context).Body).String("status");
        if (status != "REVOKED")
        {
            return Error(400, "Field 'status' can only be set to REVOKED.");
        }

        Account account = CallContext.Of(context).Account!;
        if (!state.Inquiries.TryGetValue(context.RouteLong("itemId"), out RequestInquiry? inquiry) || inquiry.AccountId != account.Id)
        {
            return Error(404, "Request not found.");
        }

        if (inquiry.Status != "PENDING")
        {
            return Error(400, $"The request is {inquiry.Status} and can no longer be revoked.");
        }

        inquiry.Status = "REVOKED";
        state.Events.Request(state, inquiry, update: true);
        JsonObject updated = BunqObjects.RequestInquiry(state, inquiry, account);
        updated.Remove("bunqme_share_url"); // bunq's RequestInquiryUpdate carries neither link
        updated.Remove("redirect_url");
        return Ok(Item("RequestInquiry", updated));
    }
}
