using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Requests for money: <c>request-inquiry</c> (the requester's side) and <c>request-response</c> (the payer's side).
/// The sandbox's sugar daddy accepts at once (a top-up); a request to another emulated user's e-mail or IBAN arrives
/// there as a PENDING RequestResponse, which that user accepts (paying, through the <see cref="Ledger"/>) or rejects,
/// and the requester sees the outcome on the inquiry; a request to anyone else stays PENDING.
/// </summary>
internal static class RequestRoutes
{
    private const string Inquiries = "/v1/user/{userID}/monetary-account/{monetary-accountID}/request-inquiry";
    private const string Responses = "/v1/user/{userID}/monetary-account/{monetary-accountID}/request-response";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", Inquiries, context => CreateInquiry(context, state), RouteAuth.Session);
        routes.Map("GET", Inquiries + "/{itemId}", context => WithInquiry(context, state, inquiry => Ok(InquiryItem(state, inquiry))), RouteAuth.Session);
        routes.Map("GET", Inquiries, context => Paging.OfAccount(context, state.Inquiries.Values, q => q.AccountId, q => q.Id, q => InquiryItem(state, q)), RouteAuth.Session);
        routes.Map("PUT", Inquiries + "/{itemId}", context => WithInquiry(context, state, inquiry => Revoke(context, state, inquiry)), RouteAuth.Session);
        routes.Map("GET", Responses + "/{itemId}", context => WithResponse(context, state, response => Ok(ResponseItem(state, response))), RouteAuth.Session);
        routes.Map("GET", Responses, context => Paging.OfAccount(context, state.Responses.Values, r => r.AccountId, r => r.Id, r => ResponseItem(state, r)), RouteAuth.Session);
        // Paying a request executes a payment: signed, as bunq requires for calls that move money (bunq-protocol.md §3.1).
        routes.Map("PUT", Responses + "/{itemId}", context => WithResponse(context, state, response => Respond(context, state, response)), RouteAuth.Session, signatureRequired: true);
        RequestBatchRoutes.Map(routes, state);
    }

    private static IResult CreateInquiry(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        if (TryPlan(state, account, RequestJson.Parse(CallContext.Of(context).Body), batchId: null, out InquiryPlan plan) is { } problem)
        {
            return Error(400, problem);
        }

        return Ok(Id(Place(state, plan).Id));
    }

    /// <summary>A request checked against bunq's rules and not yet made: the request, and who pays it (null: the sugar daddy, or no emulated user).</summary>
    internal sealed record InquiryPlan(RequestInquiry Inquiry, Account? Payer, bool SugarDaddy);

    /// <summary>Checks one request-inquiry body (<c>amount_inquired</c>, <c>counterparty_alias</c>, …) from <paramref name="account"/>.</summary>
    /// <returns>The refusal text, or null with <paramref name="plan"/> set.</returns>
    internal static string? TryPlan(EmulatorState state, Account account, JsonElement? body, long? batchId, out InquiryPlan plan)
    {
        plan = null!;
        JsonElement? alias = body.Child("counterparty_alias");
        string type = alias.String("type") ?? string.Empty;
        string? counterparty = alias.String("value");
        if (!body.TryAmount("amount_inquired", out decimal amount, out string currency) || counterparty is null)
        {
            return "A request needs 'amount_inquired' (positive value with at most two decimals, and currency) and 'counterparty_alias'.";
        }

        if (currency != account.Currency)
        {
            return $"The requested currency {currency} differs from the account currency {account.Currency}.";
        }

        bool sugarDaddy = Ledger.IsSugarDaddy(type.Length == 0 ? "EMAIL" : type, counterparty);
        if (sugarDaddy && amount > Ledger.SugarDaddyLimit)
        {
            return "Sugar Daddy gives at most 500 per request.";
        }

        Account? payer = sugarDaddy ? null : state.Ledger.Find(type, counterparty, currency);
        if (payer is not null && (payer.UserId == account.UserId || payer.Currency != currency))
        {
            return payer.UserId == account.UserId ? "A request goes to another user." : $"The counterparty account holds {payer.Currency}, not {currency}.";
        }

        var inquiry = new RequestInquiry(state.NextId(), account.Id, amount, currency, counterparty, sugarDaddy ? "ACCEPTED" : "PENDING")
        {
            Description = body.String("description") ?? string.Empty,
            Created = state.Now,
            CounterpartyType = type.Length == 0 ? "EMAIL" : type,
            AllowAmountHigher = body.Child("allow_amount_higher") is { ValueKind: JsonValueKind.True },
            AllowAmountLower = body.Child("allow_amount_lower") is { ValueKind: JsonValueKind.True },
            BatchId = batchId,
        };
        plan = new InquiryPlan(inquiry, payer, sugarDaddy);
        return null;
    }

    /// <summary>Makes a checked request: the requester's event, then the sugar daddy's top-up or the payer's request-response.</summary>
    internal static RequestInquiry Place(EmulatorState state, InquiryPlan plan)
    {
        RequestInquiry inquiry = plan.Inquiry;
        state.Inquiries.Add(inquiry.Id, inquiry);
        state.Events.Request(state, inquiry);
        if (plan.SugarDaddy)
        {
            inquiry.Updated = state.Now;
            inquiry.AmountResponded = inquiry.Amount;
            state.Ledger.TopUp(state.Accounts[inquiry.AccountId], inquiry.Amount, "Sugar Daddy top-up", "EMAIL", Ledger.SugarDaddy, "Sugar Daddy");
        }
        else if (plan.Payer is { } payer)
        {
            var response = new RequestResponse(state.NextId(), payer.Id, inquiry.Id, state.Now);
            state.Responses.Add(response.Id, response);
            state.Events.IncomingRequest(state, response);
        }

        return inquiry;
    }

    /// <summary>The requester can revoke a pending request (<c>{"status": "REVOKED"}</c>), the one change bunq allows it.</summary>
    private static IResult Revoke(HttpContext context, EmulatorState state, RequestInquiry inquiry)
    {
        if (RequestJson.Parse(CallContext.Of(context).Body).String("status") != "REVOKED")
        {
            return Error(400, "Field 'status' can only be set to REVOKED.");
        }

        if (inquiry.Status != "PENDING")
        {
            return Error(400, $"The request is {inquiry.Status} and can no longer be revoked.");
        }

        Revoke(state, inquiry);
        JsonObject updated = InquiryItem(state, inquiry);
        updated["RequestInquiry"]!.AsObject().Remove("bunqme_share_url"); // bunq's RequestInquiryUpdate carries neither link
        updated["RequestInquiry"]!.AsObject().Remove("redirect_url");
        return Ok(updated);
    }

    /// <summary>Revokes a pending request: the payer's request-response too, and the requester's REQUEST event.</summary>
    internal static void Revoke(EmulatorState state, RequestInquiry inquiry)
    {
        inquiry.Status = "REVOKED";
        inquiry.Updated = state.Now;
        state.Events.Request(state, inquiry, update: true);
        foreach (RequestResponse response in state.Responses.Values.Where(r => r.InquiryId == inquiry.Id))
        {
            response.Status = "REVOKED";
            state.Events.RequestReplied(response);
        }
    }

    /// <summary>
    /// The payer answers: <c>ACCEPTED</c> pays the requester (the amount inquired, or <c>amount_responded</c> where the
    /// request allows a higher or lower one) and <c>REJECTED</c> declines; "The responding status of the
    /// RequestResponse. Can be ACCEPTED or REJECTED." (bunq/sdk_csharp <c>RequestResponse.Update</c>). The answer is the
    /// whole RequestResponse, which is what bunq's SDKs read (<c>FromJson&lt;RequestResponse&gt;(responseRaw, "RequestResponse")</c>),
    /// not the <c>Id</c> bunq's description promises.
    /// </summary>
    private static IResult Respond(HttpContext context, EmulatorState state, RequestResponse response)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string? status = body.String("status");
        if (status is not ("ACCEPTED" or "REJECTED"))
        {
            return Error(400, "Field 'status' must be ACCEPTED or REJECTED.");
        }

        if (response.Status != "PENDING")
        {
            return Error(400, $"The request is {response.Status} and can no longer be answered.");
        }

        RequestInquiry inquiry = state.Inquiries[response.InquiryId];
        if (status == "ACCEPTED")
        {
            decimal amount = inquiry.Amount;
            if (body.Child("amount_responded") is not null)
            {
                if (!body.TryAmount("amount_responded", out amount, out string currency) || currency != inquiry.Currency)
                {
                    return Error(400, "Field 'amount_responded' must be a positive amount in the requested currency.");
                }

                if ((amount > inquiry.Amount && !inquiry.AllowAmountHigher) || (amount < inquiry.Amount && !inquiry.AllowAmountLower))
                {
                    return Error(400, "This request does not allow paying another amount than the one requested.");
                }
            }

            Account payer = state.Accounts[response.AccountId];
            Account requester = state.Accounts[inquiry.AccountId];
            var order = new PaymentOrder(amount, inquiry.Currency, inquiry.Description, "IBAN", requester.Iban, state.Users[requester.UserId].DisplayName, requester);
            if (state.Ledger.Execute(payer, [order], out string? refusal, subType: "REQUEST") is not { } paid)
            {
                return Error(400, refusal!);
            }

            response.PaymentId = paid[0].Id;
            inquiry.AmountResponded = amount;
        }

        response.Status = inquiry.Status = status;
        response.Responded = inquiry.Updated = state.Now;
        state.Events.RequestReplied(response);
        state.Events.Request(state, inquiry, update: true); // the requester's side: "updates on outgoing requests"
        return Ok(ResponseItem(state, response));
    }

    private static IResult WithInquiry(HttpContext context, EmulatorState state, Func<RequestInquiry, IResult> action) =>
        state.Inquiries.TryGetValue(context.RouteLong("itemId"), out RequestInquiry? inquiry) && inquiry.AccountId == CallContext.Of(context).Account!.Id
            ? action(inquiry)
            : Error(404, "Request not found.");

    private static IResult WithResponse(HttpContext context, EmulatorState state, Func<RequestResponse, IResult> action) =>
        state.Responses.TryGetValue(context.RouteLong("itemId"), out RequestResponse? response) && response.AccountId == CallContext.Of(context).Account!.Id
            ? action(response)
            : Error(404, "Request response not found.");

    private static JsonObject InquiryItem(EmulatorState state, RequestInquiry inquiry) =>
        Item("RequestInquiry", BunqObjects.RequestInquiry(state, inquiry, state.Accounts[inquiry.AccountId]));

    private static JsonObject ResponseItem(EmulatorState state, RequestResponse response) => Item("RequestResponse", BunqObjects.RequestResponse(state, response));
}
