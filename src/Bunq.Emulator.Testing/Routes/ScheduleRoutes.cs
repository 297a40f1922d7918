using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.Catalogue;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Scheduled payments: <c>schedule-payment</c> (create, get, list, update, delete = cancel), its <c>schedule</c> (get, list)
/// and the schedule's <c>schedule-instance</c> runs (get, list). A run is made by <see cref="ScheduleRunner"/> when the
/// emulator's clock reaches it.
/// </summary>
internal static class ScheduleRoutes
{
    private const string Account = "/v1/user/{userID}/monetary-account/{monetary-accountID}";

    /// <summary>
    /// The name bunq's SDKs read a schedule-payment under, in GET, list and PUT: <c>ScheduledPayment</c>
    /// (data/bunq-facts.txt, kind <c>object</c>; the description's type name says SchedulePayment).
    /// </summary>
    private static readonly string PaymentItemName = BunqCatalogue.Embedded.AnswerObject("GET", "/user/{userID}/monetary-account/{monetary-accountID}/schedule-payment/{itemId}");

    /// <summary>The name bunq's SDKs read a schedule's run under, in GET and list: <c>ScheduledInstance</c> (data/bunq-facts.txt, kind <c>object</c>).</summary>
    private static readonly string InstanceItemName = BunqCatalogue.Embedded.AnswerObject("GET", "/user/{userID}/monetary-account/{monetary-accountID}/schedule/{scheduleID}/schedule-instance/{itemId}");

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        ScheduleBatchRoutes.Map(routes, state);
        // A schedule-payment moves money when it runs: signed, as bunq requires for calls that execute payments.
        routes.Map("POST", Account + "/schedule-payment", context => Create(context, state), RouteAuth.Session, signatureRequired: true);
        routes.Map("GET", Account + "/schedule-payment/{itemId}", context => With(context, state, "itemId", s => Ok(PaymentItem(state, s)), batch: false), RouteAuth.Session);
        routes.Map("GET", Account + "/schedule-payment", context => Paging.OfAccount(context, state.Schedules.Values.Where(s => !s.IsBatch), s => s.AccountId, s => s.Id, s => PaymentItem(state, s)), RouteAuth.Session);
        routes.Map("PUT", Account + "/schedule-payment/{itemId}", context => With(context, state, "itemId", s => Update(context, state, s, "payment", (account, body) =>
            state.Ledger.TryOrder(account, body.Child("payment"), out PaymentOrder order) is { } problem ? (problem, []) : (null, [order]), changed => Ok(PaymentItem(state, changed))), batch: false), RouteAuth.Session);
        routes.Map("DELETE", Account + "/schedule-payment/{itemId}", context => With(context, state, "itemId", s => Cancel(state, s), batch: false), RouteAuth.Session);
        routes.Map("GET", Account + "/schedule/{itemId}", context => With(context, state, "itemId", s => Ok(ScheduleItem(state, s))), RouteAuth.Session);
        routes.Map("GET", Account + "/schedule", context => Paging.OfAccount(context, state.Schedules.Values, s => s.AccountId, s => s.Id, s => ScheduleItem(state, s)), RouteAuth.Session);
        routes.Map("GET", Account + "/schedule/{scheduleID}/schedule-instance", context => With(context, state, "scheduleID", s => Paging.TryRead(context, out Paging paging, out IResult? refusal)
            ? paging.Page(context, s.Instances, i => i.Id, i => InstanceItem(state, s, i))
            : refusal!), RouteAuth.Session);
        routes.Map("GET", Account + "/schedule/{scheduleID}/schedule-instance/{itemId}", context => With(context, state, "scheduleID",
            s => s.Instances.Find(i => i.Id == context.RouteLong("itemId")) is { } instance ? Ok(InstanceItem(state, s, instance)) : Error(404, "Schedule instance not found.")), RouteAuth.Session);
    }

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (state.Ledger.TryOrder(account, body.Child("payment"), out PaymentOrder order) is { } problem)
        {
            return Error(400, problem);
        }

        if (TryRecurrence(body.Child("schedule"), out Recurrence recurrence) is { } wrong)
        {
            return Error(400, wrong);
        }

        var scheduled = new ScheduledPayment(state.NextId(), account.Id, order, recurrence.Start, recurrence.End, recurrence.Unit, recurrence.Size);
        state.Schedules.Add(scheduled.Id, scheduled);
        state.Events.Schedule(state, scheduled, "CREATED");
        return Ok(Id(scheduled.Id));
    }

    /// <summary>A schedule's start, optional end and recurrence, as bunq's <c>Schedule</c> object sends them.</summary>
    internal readonly record struct Recurrence(DateTimeOffset Start, DateTimeOffset? End, string Unit, int Size);

    /// <returns>The refusal text, or null with <paramref name="recurrence"/> set.</returns>
    internal static string? TryRecurrence(JsonElement? schedule, out Recurrence recurrence)
    {
        recurrence = default;
        string unit = schedule.String("recurrence_unit") ?? string.Empty;
        int size = 1;
        if (schedule.Child("recurrence_size") is { ValueKind: not JsonValueKind.Null } sizeValue
            && (sizeValue.ValueKind != JsonValueKind.Number || !sizeValue.TryGetInt32(out size)))
        {
            return "Field 'schedule.recurrence_size' must be a whole number of units, at least 1."; // 1.5 is not half a month
        }

        if (!ScheduleRunner.TryTime(schedule.String("time_start"), out DateTimeOffset start))
        {
            return "Field 'schedule.time_start' must be a time as bunq writes it (yyyy-MM-dd HH:mm:ss, UTC).";
        }

        DateTimeOffset? end = null;
        if (schedule.String("time_end") is { } endText)
        {
            if (!ScheduleRunner.TryTime(endText, out DateTimeOffset parsed) || parsed < start)
            {
                return "Field 'schedule.time_end' must be a time after 'time_start'.";
            }

            end = parsed;
        }

        if (!ScheduleRunner.Units.Contains(unit) || size < 1)
        {
            return "Field 'schedule.recurrence_unit' must be ONCE, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY, and 'recurrence_size' at least 1.";
        }

        // The runner works out every run from these before each request: a step past the last time there is (the year
        // 9999) would be a schedule that can never run again; bunq documents no limit, so the emulator refuses it here.
        if (unit != "ONCE" && ScheduledPayment.After(start, unit, size) is null)
        {
            return $"Field 'schedule.recurrence_size': {size} {unit} after 'time_start' is past the year 9999.";
        }

        recurrence = new Recurrence(start, end, unit, size);
        return null;
    }

    /// <summary>
    /// A PUT of a schedule's payment order(s) (<paramref name="ordersField"/>: a schedule-payment's <c>payment</c>, a
    /// batch's <c>payments</c>) and/or its <c>schedule</c>, as bunq's SDKs send them (<c>SchedulePayment.Update</c>,
    /// <c>SchedulePaymentBatch.Update</c>; a field they send as null is not changed): the runs to come use them, the runs
    /// made stay as they were. A schedule that is no longer ACTIVE cannot change; one that has run keeps its start.
    /// SCHEDULE_STATUS ("when the scheduled payment is updated or cancelled"). <paramref name="readOrders"/> reads the
    /// orders from the whole body (each kind knows its field), only when <paramref name="ordersField"/> is sent.
    /// </summary>
    internal static IResult Update(HttpContext context, EmulatorState state, ScheduledPayment schedule, string ordersField,
        Func<Account, JsonElement?, (string? Problem, List<PaymentOrder> Orders)> readOrders, Func<ScheduledPayment, IResult> answer)
    {
        if (schedule.Status != "ACTIVE")
        {
            return Error(400, $"The schedule is {schedule.Status} and can no longer change.");
        }

        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        List<PaymentOrder>? orders = null;
        if (body.Child(ordersField) is { ValueKind: not JsonValueKind.Null })
        {
            (string? problem, List<PaymentOrder> given) = readOrders(state.Accounts[schedule.AccountId], body);
            if (problem is not null)
            {
                return Error(400, problem);
            }

            orders = given;
        }

        Recurrence? recurrence = null;
        if (body.Child("schedule") is { ValueKind: not JsonValueKind.Null } sent)
        {
            if (TryRecurrence(sent, out Recurrence parsed) is { } wrong)
            {
                return Error(400, wrong);
            }

            if (schedule.Runs > 0 && parsed.Start != schedule.Start)
            {
                return Error(400, "The schedule has run already: its 'time_start' can no longer change.");
            }

            recurrence = parsed;
        }

        if (orders is null && recurrence is null)
        {
            return Error(400, $"Send '{ordersField}' and/or 'schedule' to change.");
        }

        schedule.Orders = orders ?? schedule.Orders;
        if (recurrence is { } r)
        {
            (schedule.Start, schedule.End, schedule.Unit, schedule.Size) = (r.Start, r.End, r.Unit, r.Size);
        }

        state.Events.Schedule(state, schedule, "UPDATED");
        return answer(schedule);
    }

    /// <summary>
    /// Deleting a schedule-payment (or a schedule-payment-batch) cancels it: no run after this one, the runs made stay;
    /// SCHEDULE_STATUS ("when the scheduled payment is updated or cancelled").
    /// </summary>
    internal static IResult Cancel(EmulatorState state, ScheduledPayment schedule)
    {
        if (schedule.Status == "ACTIVE")
        {
            schedule.Status = "CANCELLED";
            state.Events.Schedule(state, schedule, "CANCELLED");
        }

        return Ok();
    }

    /// <summary>The caller's schedule: a schedule-payment route finds no batch (<paramref name="batch"/> false) and the reverse; <c>null</c> finds either.</summary>
    internal static IResult With(HttpContext context, EmulatorState state, string route, Func<ScheduledPayment, IResult> action, bool? batch = null) =>
        state.Schedules.TryGetValue(context.RouteLong(route), out ScheduledPayment? schedule) && schedule.AccountId == CallContext.Of(context).Account!.Id
            && (batch is null || schedule.IsBatch == batch)
            ? action(schedule)
            : Error(404, "Schedule not found.");

    private static JsonObject PaymentItem(EmulatorState state, ScheduledPayment schedule) => Item(PaymentItemName, SchedulePayment(state, schedule, "SchedulePaymentRead"));

    /// <summary>A schedule-payment as bunq's type <paramref name="typeName"/> (its GET's, or an event's <c>SchedulePayment</c>).</summary>
    internal static JsonObject SchedulePayment(EmulatorState state, ScheduledPayment schedule, string typeName) => state.Objects.Build(typeName, schedule.Id, Owner(state, schedule), new JsonObject
    {
        ["payment"] = Entry(state, schedule, schedule.Order),
        ["schedule"] = Schedule(state, schedule),
        ["status"] = schedule.Status,
        ["purpose"] = null,
    });

    private static JsonObject ScheduleItem(EmulatorState state, ScheduledPayment schedule) =>
        Item("Schedule", Schedule(state, schedule));

    internal static JsonObject Schedule(EmulatorState state, ScheduledPayment schedule, string typeName = "ScheduleRead") => state.Objects.Build(typeName, schedule.Id, Owner(state, schedule), new JsonObject
    {
        ["time_start"] = Time(schedule.Start),
        ["time_end"] = schedule.End is { } end ? Time(end) : null,
        ["recurrence_unit"] = schedule.Unit,
        ["recurrence_size"] = schedule.Size,
        ["status"] = schedule.Status,
        ["object"] = null,
    });

    internal static JsonObject Entry(EmulatorState state, ScheduledPayment schedule, PaymentOrder order)
    {
        Account account = state.Accounts[schedule.AccountId];
        return state.Objects.Build("SchedulePaymentEntry", schedule.Id, Owner(state, schedule), new JsonObject
        {
            ["amount"] = Amount(order.Amount, order.Currency),
            ["alias"] = BunqObjects.AccountLabel(account, state.Users[account.UserId]),
            ["counterparty_alias"] = BunqObjects.CounterpartyLabel(state, order.CounterpartyType, order.CounterpartyValue, order.CounterpartyName),
            ["description"] = order.Description,
            ["merchant_reference"] = null,
        });
    }

    /// <summary>
    /// A run, wrapped as bunq's SDKs read it (<c>ScheduledInstance</c>, a fact in data/bunq-facts.txt: bunq/sdk_csharp
    /// <c>BunqSdk/Model/Generated/Endpoint/ScheduleInstance.cs</c>, <c>OBJECT_TYPE_GET</c>). Its <c>id</c> is the emulator's
    /// own: the item route needs one, and neither bunq's description nor its SDKs show where it comes from.
    /// </summary>
    private static JsonObject InstanceItem(EmulatorState state, ScheduledPayment schedule, ScheduleInstance instance) =>
        Item(InstanceItemName, Instance(state, schedule, instance, "ScheduleInstanceRead"));

    /// <summary>
    /// A run as bunq's type <paramref name="typeName"/>: its <c>result_object</c> is the payment made, or for a batch the
    /// payment-batch (<c>ScheduleInstanceAnchorObject</c>: Payment or PaymentBatch).
    /// </summary>
    internal static JsonObject Instance(EmulatorState state, ScheduledPayment schedule, ScheduleInstance instance, string typeName) =>
        state.Objects.Build(typeName, instance.Id, Owner(state, schedule), new JsonObject
        {
            ["id"] = instance.Id,
            ["state"] = instance.State,
            ["time_start"] = Time(instance.Time),
            ["time_end"] = Time(instance.Time),
            ["error_message"] = instance.Error is { } error ? new JsonArray(new JsonObject { ["error_description"] = error, ["error_description_translated"] = error }) : new JsonArray(),
            ["scheduled_object"] = null,
            ["result_object"] = instance.BatchId is { } batch && state.Batches.TryGetValue(batch, out PaymentBatch? made)
                ? new JsonObject { ["PaymentBatch"] = PaymentRoutes.BatchItem(state, made)["PaymentBatch"]!.DeepClone() }
                : instance.PaymentId is { } id
                    ? new JsonObject { ["Payment"] = BunqObjects.Payment(state, state.Payments.Find(id)!, state.Accounts[schedule.AccountId]) }
                    : null,
        });

    internal static User Owner(EmulatorState state, ScheduledPayment schedule) => state.Users[state.Accounts[schedule.AccountId].UserId];
}
