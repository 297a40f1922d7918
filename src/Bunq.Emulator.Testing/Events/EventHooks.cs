using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// The changes the emulator models today, each turned into one <see cref="EmulatorEvents.Record"/> call: what the routes
/// call, one line per change point, under the state's lock.
/// </summary>
internal static class EventHooks
{
    /// <summary>
    /// A payment made from or received on an account: MUTATION always (bunq: "any action that affects a monetary
    /// account's balance"), PAYMENT only for plain payments (bunq: not "payments that result out of paying a Request,
    /// iDEAL, Sofort or Invoice"), outgoing negative, incoming positive.
    /// </summary>
    public static void Payment(this EmulatorEvents events, EmulatorState state, Payment payment)
    {
        Account account = state.Accounts[payment.AccountId];
        bool incoming = payment.Amount > 0;
        var topics = new List<CallbackTopic> { new("MUTATION", incoming ? "MUTATION_RECEIVED" : "MUTATION_CREATED") };
        if (payment.SubType == "PAYMENT")
        {
            topics.Insert(0, new CallbackTopic("PAYMENT", incoming ? "PAYMENT_RECEIVED" : "PAYMENT_CREATED"));
        }

        events.RecordJson(account.UserId, account.Id, "Payment", BunqObjects.PaymentJson(state, payment, account), topics);
    }

    /// <summary>A request made, or changed (accepted, revoked): REQUEST, "incoming requests and updates on outgoing requests".</summary>
    public static void Request(this EmulatorEvents events, EmulatorState state, RequestInquiry inquiry, bool update = false)
    {
        Account account = state.Accounts[inquiry.AccountId];
        string eventType = "REQUEST_INQUIRY_" + (update || inquiry.Status != "PENDING" ? inquiry.Status : "CREATED");
        events.Record(account.UserId, account.Id, "RequestInquiry", BunqObjects.RequestInquiry(state, inquiry, account), [new CallbackTopic("REQUEST", eventType)],
            update ? "UPDATE" : "CREATE");
    }

    /// <summary>
    /// A request that arrived for another emulated user (its RequestResponse): REQUEST, "incoming requests"; the event is
    /// AWAITING_REPLY ("an AWAITING_REPLY event is a request received event", bunq's description of <c>EventRead.status</c>).
    /// </summary>
    public static void IncomingRequest(this EmulatorEvents events, EmulatorState state, RequestResponse response)
    {
        Account account = state.Accounts[response.AccountId];
        events.Record(account.UserId, account.Id, "RequestResponse", BunqObjects.RequestResponse(state, response),
            [new CallbackTopic("REQUEST", "REQUEST_RESPONSE_CREATED")], status: "AWAITING_REPLY");
    }

    /// <summary>
    /// A received request answered (accepted, rejected) or revoked: its AWAITING_REPLY event becomes FINALIZED, since
    /// nothing awaits a reply any more. bunq documents no such change (the emulator's choice, docs/emulator-rules.md).
    /// </summary>
    public static void RequestReplied(this EmulatorEvents events, RequestResponse response)
    {
        List<EmulatorEvent> all = events.All;
        for (int i = all.Count - 1; i >= 0; i--)
        {
            if (all[i] is { Status: "AWAITING_REPLY", ObjectName: "RequestResponse" } awaiting && awaiting.AccountId == response.AccountId && awaiting.ObjectId == response.Id)
            {
                all[i] = awaiting with { Status = "FINALIZED" };
                return; // one event per received request
            }
        }
    }

    /// <summary>
    /// A draft payment made, changed (its entries, still PENDING: DRAFT_PAYMENT_UPDATED) or answered by the account owner:
    /// DRAFT_PAYMENT ("creation and updates of draft payments").
    /// </summary>
    public static void DraftPayment(this EmulatorEvents events, EmulatorState state, DraftPayment draft, bool update = false)
    {
        Account account = state.Accounts[draft.AccountId];
        string change = !update ? "CREATED" : draft.Status == "PENDING" ? "UPDATED" : draft.Status;
        events.Record(account.UserId, account.Id, "DraftPayment", BunqObjects.DraftPayment(state, draft),
            [new CallbackTopic("DRAFT_PAYMENT", "DRAFT_PAYMENT_" + change)], update ? "UPDATE" : "CREATE");
    }

    /// <summary>
    /// A card payment authorised or declined (its MasterCardAction): CARD_TRANSACTION_SUCCESSFUL ("successful card
    /// transactions") or CARD_TRANSACTION_FAILED ("failed card transaction"), bunq's callback categories. The money it
    /// moved raises its own MUTATION through the payment.
    /// </summary>
    public static void CardTransaction(this EmulatorEvents events, EmulatorState state, MasterCardAction action)
    {
        Account account = state.Accounts[action.AccountId];
        string category = action.IsAllowed ? "CARD_TRANSACTION_SUCCESSFUL" : "CARD_TRANSACTION_FAILED";
        events.Record(account.UserId, account.Id, "MasterCardAction", CardObjects.Action(state, action), [new CallbackTopic(category, "MASTERCARD_ACTION_CREATED")]);
    }

    /// <summary>A bunq.me tab made, paid or cancelled: BUNQME_TAB ("bunq.me payments").</summary>
    public static void BunqMeTab(this EmulatorEvents events, EmulatorState state, BunqMeTab tab, JsonObject item, string eventType)
    {
        Account account = state.Accounts[tab.AccountId];
        events.Record(account.UserId, account.Id, "BunqMeTab", (JsonObject)item["BunqMeTab"]!, [new CallbackTopic("BUNQME_TAB", eventType)],
            eventType.EndsWith("_CREATED", StringComparison.Ordinal) ? "CREATE" : "UPDATE");
    }

    /// <summary>
    /// A schedule made, changed, cancelled or finished: SCHEDULE_STATUS ("notifications about the status of a scheduled
    /// payment, e.g. when the scheduled payment is updated or cancelled", bunq's API docs, "Callbacks"), the object a
    /// <c>ScheduledPayment</c> or <c>ScheduledPaymentBatch</c> (bunq's <c>EventObject</c>).
    /// </summary>
    public static void Schedule(this EmulatorEvents events, EmulatorState state, ScheduledPayment schedule, string change)
    {
        Account account = state.Accounts[schedule.AccountId];
        (string name, JsonObject value) = schedule.IsBatch
            ? ("ScheduledPaymentBatch", ScheduleBatchRoutes.Batch(state, schedule, "SchedulePaymentBatch"))
            : ("ScheduledPayment", ScheduleRoutes.SchedulePayment(state, schedule, "SchedulePayment"));
        string eventType = (schedule.IsBatch ? "SCHEDULE_PAYMENT_BATCH_" : "SCHEDULE_PAYMENT_") + change;
        events.Record(account.UserId, account.Id, name, value, [new CallbackTopic("SCHEDULE_STATUS", eventType)], change == "CREATED" ? "CREATE" : "UPDATE");
    }

    /// <summary>A schedule's run: SCHEDULE_RESULT ("notifications for when a scheduled payment is executed"), the object its <c>ScheduledInstance</c>.</summary>
    public static void ScheduleRun(this EmulatorEvents events, EmulatorState state, ScheduledPayment schedule, ScheduleInstance instance)
    {
        Account account = state.Accounts[schedule.AccountId];
        events.Record(account.UserId, account.Id, "ScheduledInstance", ScheduleRoutes.Instance(state, schedule, instance, "ScheduleInstance"),
            [new CallbackTopic("SCHEDULE_RESULT", "SCHEDULE_INSTANCE_" + instance.State)]);
    }

    /// <summary>A request-inquiry-batch made or revoked: REQUEST ("incoming requests and updates on outgoing requests"), the object its <c>RequestInquiryBatch</c>.</summary>
    public static void RequestBatch(this EmulatorEvents events, EmulatorState state, RequestInquiryBatch batch, bool update = false)
    {
        Account account = state.Accounts[batch.AccountId];
        events.Record(account.UserId, account.Id, "RequestInquiryBatch", RequestBatchRoutes.Batch(state, batch, "RequestInquiryBatch"),
            [new CallbackTopic("REQUEST", "REQUEST_INQUIRY_BATCH_" + (update ? "REVOKED" : "CREATED"))], update ? "UPDATE" : "CREATE");
    }
}
