using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Draft payments: "A draft payment allows you to prepare a payment that the user must accept in the bunq app before
/// it is executed" (doc.bunq.com/draft-payment). Created PENDING through the API; accepted or rejected only as the
/// account owner would in the app (<see cref="BunqEmulator.AnswerDraftPayment"/>); accepted, its entries run through
/// the <see cref="Ledger"/> as one payment, or as a payment-batch, all or nothing.
/// </summary>
internal static class DraftPaymentRoutes
{
    private const string Drafts = "/v1/user/{userID}/monetary-account/{monetary-accountID}/draft-payment";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", Drafts, context => Create(context, state), RouteAuth.Session);
        routes.Map("GET", Drafts + "/{itemId}", context => WithDraft(context, state, draft => Ok(Item(state, draft))), RouteAuth.Session);
        routes.Map("GET", Drafts, context => Paging.OfAccount(context, state.DraftPayments.Values, d => d.AccountId, d => d.Id, d => Item(state, d)), RouteAuth.Session);
        routes.Map("PUT", Drafts + "/{itemId}", context => WithDraft(context, state, draft => Update(context, state, draft)), RouteAuth.Session);
    }

    /// <summary>The account owner's answer in the app: accepting runs every entry or none.</summary>
    /// <returns>The refusal (the draft stays PENDING), or null.</returns>
    public static string? Answer(EmulatorState state, DraftPayment draft, bool accept)
    {
        if (draft.Status != "PENDING")
        {
            return $"The draft payment is {draft.Status} and can no longer be answered.";
        }

        if (accept)
        {
            long? batchId = draft.Entries.Count > 1 ? state.NextId() : null;
            if (state.Ledger.Execute(state.Accounts[draft.AccountId], draft.Entries, out string? refusal, batchId: batchId) is not { } paid)
            {
                return refusal;
            }

            draft.PaymentIds = paid.Select(p => p.Id).ToArray();
            if (batchId is { } batch)
            {
                draft.BatchId = batch;
                state.Batches.Add(batch, new PaymentBatch(batch, draft.AccountId, draft.PaymentIds));
            }
        }

        draft.Status = accept ? "ACCEPTED" : "REJECTED";
        draft.Updated = state.Now;
        state.Events.DraftPayment(state, draft, update: true);
        return null;
    }

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        // "The number of accepts that are required for the draft payment to receive status ACCEPTED. Currently only 1 is
        // valid." (bunq's description of number_of_required_accepts)
        if (body.Child("number_of_required_accepts") is not { ValueKind: JsonValueKind.Number } accepts || !accepts.TryGetInt32(out int required) || required != 1)
        {
            return Error(400, "Field 'number_of_required_accepts' must be 1, the only value bunq accepts.");
        }

        if (body.String("status") is { } status && status != "PENDING")
        {
            return Error(400, "A draft payment is created PENDING; the account owner accepts or rejects it in the app.");
        }

        if (Entries(state, account, body, out IReadOnlyList<PaymentOrder> entries) is { } problem)
        {
            return Error(400, problem);
        }

        var draft = new DraftPayment(state.NextId(), account.Id, entries, state.Now) { EntryIds = entries.Select(_ => state.NextId()).ToArray() };
        state.DraftPayments.Add(draft.Id, draft);
        state.Events.DraftPayment(state, draft);
        return Ok(Id(draft.Id));
    }

    /// <summary>
    /// A pending draft's entries can be replaced; <c>previous_updated_timestamp</c>, when sent, must be the draft's last
    /// <c>updated</c> ("This needs to be provided to prevent race conditions", bunq's description). Its status is the
    /// account owner's to change, in the app.
    /// </summary>
    private static IResult Update(HttpContext context, EmulatorState state, DraftPayment draft)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (draft.Status != "PENDING")
        {
            return Error(400, $"The draft payment is {draft.Status} and can no longer be changed.");
        }

        if (body.String("status") is { } status && status != draft.Status)
        {
            return Error(400, "A draft payment is accepted or rejected by the account owner in the bunq app, not through the API.");
        }

        if (body.String("previous_updated_timestamp") is { } previous && previous != Time(draft.Updated))
        {
            return Error(400, "The draft payment changed since 'previous_updated_timestamp'; read it again.");
        }

        if (body.Child("entries") is not null)
        {
            if (Entries(state, state.Accounts[draft.AccountId], body, out IReadOnlyList<PaymentOrder> entries) is { } problem)
            {
                return Error(400, problem);
            }

            draft.Entries = entries;
            draft.EntryIds = entries.Select(_ => state.NextId()).ToArray();
            draft.Updated = state.Now;
            state.Events.DraftPayment(state, draft, update: true); // DRAFT_PAYMENT: "creation and updates of draft payments"
        }

        return Ok(Id(draft.Id));
    }

    private static string? Entries(EmulatorState state, Account account, JsonElement? body, out IReadOnlyList<PaymentOrder> entries)
    {
        var orders = new List<PaymentOrder>();
        entries = orders;
        if (body.Child("entries") is not { ValueKind: JsonValueKind.Array } items || items.GetArrayLength() == 0)
        {
            return "Field 'entries' must list at least one payment.";
        }

        foreach (JsonElement item in items.EnumerateArray())
        {
            if (state.Ledger.TryOrder(account, item, out PaymentOrder order) is { } problem)
            {
                return $"Entry {orders.Count + 1}: {problem}";
            }

            orders.Add(order);
        }

        return null;
    }

    private static IResult WithDraft(HttpContext context, EmulatorState state, Func<DraftPayment, IResult> action) =>
        state.DraftPayments.TryGetValue(context.RouteLong("itemId"), out DraftPayment? draft) && draft.AccountId == CallContext.Of(context).Account!.Id
            ? action(draft)
            : Error(404, "Draft payment not found.");

    private static JsonObject Item(EmulatorState state, DraftPayment draft) => BunqJsonWriter.Item("DraftPayment", BunqObjects.DraftPayment(state, draft));
}
