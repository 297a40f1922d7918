using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// An object of an account that bunq lets a user put notes on (<c>…/note-attachment</c> and <c>…/note-text</c>).
/// </summary>
/// <param name="Kind">The key a note keeps for its object (also in the state file): the object's route segment.</param>
/// <param name="Path">The object's route under the monetary account, with bunq's placeholder names.</param>
/// <param name="Route">The placeholder holding the object's id.</param>
/// <param name="TypeSuffix">What bunq's note types are named after: <c>NoteAttachment{TypeSuffix}Read</c>, <c>NoteText{TypeSuffix}Read</c>.</param>
/// <param name="Missing">The 404's description when the account holds no such object.</param>
/// <param name="Holds">Whether the account (its id) holds the object the route names.</param>
internal sealed record NoteTarget(string Kind, string Path, string Route, string TypeSuffix, string Missing, Func<EmulatorState, HttpContext, long, bool> Holds)
{
    /// <summary>The object's id in the route.</summary>
    public long IdOf(HttpContext context) => context.RouteLong(Route);

    /// <summary>A 404 unless the session's account holds the object the route names (bunq reveals no one else's).</summary>
    public IResult? Refusal(HttpContext context, EmulatorState state) =>
        Holds(state, context, CallContext.Of(context).Account!.Id) ? null : Error(404, Missing);
}

/// <summary>
/// The objects the emulator models that bunq's reference offers notes on (every <c>note-attachment</c> and
/// <c>note-text</c> route of bunq's OpenAPI description, data/bunq-catalogue.txt). bunq offers notes on more objects —
/// card transactions from Adyen (<c>adyen-card-transaction</c>), <c>payment-delayed</c>,
/// <c>switch-service-payment</c>, iDEAL/SOFORT/open-banking merchant transactions, <c>bunqme-fundraiser-result</c>,
/// <c>whitelist-result</c>; the emulator makes none of those objects here. It makes the request and schedule batches
/// (<c>request-inquiry-batch</c>, <c>schedule-payment-batch</c>) but takes no notes on them yet. The note routes of all
/// of these stay answered from the catalogue (a batch's only for one the account holds: GenericRoutes.HeldParents); modelling one is a line below (and its object in the note tests).
/// </summary>
internal static class NoteTargets
{
    public static readonly NoteTarget[] All =
    [
        new("payment", "payment/{paymentID}", "paymentID", "Payment", "Payment not found.",
            (state, context, account) => state.Payments.Find(context.RouteLong("paymentID")) is { } p && p.AccountId == account),
        new("request-inquiry", "request-inquiry/{request-inquiryID}", "request-inquiryID", "RequestInquiry", "Request not found.",
            (state, context, account) => state.Inquiries.TryGetValue(context.RouteLong("request-inquiryID"), out RequestInquiry? q) && q.AccountId == account),
        new("request-response", "request-response/{request-responseID}", "request-responseID", "RequestResponse", "Request response not found.",
            (state, context, account) => state.Responses.TryGetValue(context.RouteLong("request-responseID"), out RequestResponse? r) && r.AccountId == account),
        new("draft-payment", "draft-payment/{draft-paymentID}", "draft-paymentID", "DraftPayment", "Draft payment not found.",
            (state, context, account) => state.DraftPayments.TryGetValue(context.RouteLong("draft-paymentID"), out DraftPayment? d) && d.AccountId == account),
        new("payment-batch", "payment-batch/{payment-batchID}", "payment-batchID", "PaymentBatch", "Payment batch not found.",
            (state, context, account) => state.Batches.TryGetValue(context.RouteLong("payment-batchID"), out PaymentBatch? b) && b.AccountId == account),
        new("schedule-payment", "schedule-payment/{schedule-paymentID}", "schedule-paymentID", "SchedulePayment", "Scheduled payment not found.",
            // A schedule-payment-batch shares the schedules' ids but is not a schedule-payment: its notes are its own route's.
            (state, context, account) => state.Schedules.TryGetValue(context.RouteLong("schedule-paymentID"), out ScheduledPayment? s) && s.AccountId == account && !s.IsBatch),
        new("schedule-instance", "schedule/{scheduleID}/schedule-instance/{schedule-instanceID}", "schedule-instanceID", "ScheduleInstance", "Schedule instance not found.",
            (state, context, account) => state.Schedules.TryGetValue(context.RouteLong("scheduleID"), out ScheduledPayment? s) && s.AccountId == account
                && s.Instances.Exists(i => i.Id == context.RouteLong("schedule-instanceID"))),
        new("mastercard-action", "mastercard-action/{mastercard-actionID}", "mastercard-actionID", "MasterCardAction", "MasterCardAction not found.",
            (state, context, account) => state.CardActions.TryGetValue(context.RouteLong("mastercard-actionID"), out MasterCardAction? a) && a.AccountId == account),
    ];

    public const string Account = "/v1/user/{userID}/monetary-account/{monetary-accountID}/";

    public static NoteTarget Of(string kind) => Array.Find(All, t => t.Kind == kind) ?? throw new InvalidDataException($"No note target '{kind}'.");
}
