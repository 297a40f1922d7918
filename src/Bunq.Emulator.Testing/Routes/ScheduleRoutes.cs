using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Scheduled payments: <c>schedule-payment</c> (create, get, list, delete = cancel), its <c>schedule</c> (get, list)
/// and the schedule's <c>schedule-instance</c> runs (get, list). A run is made by <see cref="ScheduleRunner"/> when the
/// emulator's clock reaches it.
/// </summary>
internal static class ScheduleRoutes
{
    private const string Account = "/v1/user/{userID}/monetary-account/{monetary-accountID}";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        // A schedule-payment moves money when it runs: signed, as bunq requires for calls that execute payments.
        routes.Map("POST", Account + "/schedule-payment", context => Create(context, state), RouteAuth.Session, signatureRequired: true);
        routes.Map("GET", Account + "/schedule-payment/{itemId}", context => With(context, state, "itemId", s => Ok(PaymentItem(state, s))), RouteAuth.Session);
        routes.Map("GET", Account + "/schedule-payment", context => Paging.OfAccount(context, state.Schedules.Values, s => s.AccountId, s => s.Id, s => PaymentItem(state, s)), RouteAuth.Session);
        routes.Map("DELETE", Account + "/schedule-payment/{itemId}", context => With(context, state, "itemId", s => Cancel(s)), RouteAuth.Session);
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

        JsonElement? schedule = body.Child("schedule");
        string unit = schedule.String("recurrence_unit") ?? string.Empty;
        int size = schedule.Child("recurrence_size") is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out int given) ? given : 1;
        if (!ScheduleRunner.TryTime(schedule.String("time_start"), out DateTimeOffset start))
        {
            return Error(400, "Field 'schedule.time_start' must be a time as bunq writes it (yyyy-MM-dd HH:mm:ss, UTC).");
        }

        DateTimeOffset? end = null;
        if (schedule.String("time_end") is { } endText)
        {
            if (!ScheduleRunner.TryTime(endText, out DateTimeOffset parsed) || parsed < start)
            {
                return Error(400, "Field 'schedule.time_end' must be a time after 'time_start'.");
            }

            end = parsed;
        }

        if (!ScheduleRunner.Units.Contains(unit) || size < 1)
        {
            return Error(400, "Field 'schedule.recurrence_unit' must be ONCE, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY, and 'recurrence_size' at least 1.");
        }

        var scheduled = new ScheduledPayment(state.NextId(), account.Id, order, start, end, unit, size);
        state.Schedules.Add(scheduled.Id, scheduled);
        return Ok(Id(scheduled.Id));
    }

    /// <summary>Deleting a schedule-payment cancels it: no run after this one, the runs made stay.</summary>
    private static IResult Cancel(ScheduledPayment schedule)
    {
        schedule.Status = schedule.Status == "ACTIVE" ? "CANCELLED" : schedule.Status;
        return Ok();
    }

    private static IResult With(HttpContext context, EmulatorState state, string route, Func<ScheduledPayment, IResult> action) =>
        state.Schedules.TryGetValue(context.RouteLong(route), out ScheduledPayment? schedule) && schedule.AccountId == CallContext.Of(context).Account!.Id
            ? action(schedule)
            : Error(404, "Schedule not found.");

    private static JsonObject PaymentItem(EmulatorState state, ScheduledPayment schedule) => Item("SchedulePayment", state.Objects.Build("SchedulePaymentRead", schedule.Id, Owner(state, schedule), new JsonObject
    {
        ["payment"] = Entry(state, schedule),
        ["schedule"] = Schedule(state, schedule),
        ["status"] = schedule.Status,
        ["purpose"] = null,
    }));

    private static JsonObject ScheduleItem(EmulatorState state, ScheduledPayment schedule) =>
        Item("Schedule", Schedule(state, schedule));

    private static JsonObject Schedule(EmulatorState state, ScheduledPayment schedule) => state.Objects.Build("ScheduleRead", schedule.Id, Owner(state, schedule), new JsonObject
    {
        ["time_start"] = Time(schedule.Start),
        ["time_end"] = schedule.End is { } end ? Time(end) : null,
        ["recurrence_unit"] = schedule.Unit,
        ["recurrence_size"] = schedule.Size,
        ["status"] = schedule.Status,
        ["object"] = null,
    });

    private static JsonObject Entry(EmulatorState state, ScheduledPayment schedule)
    {
        Account account = state.Accounts[schedule.AccountId];
        return state.Objects.Build("SchedulePaymentEntry", schedule.Id, Owner(state, schedule), new JsonObject
        {
            ["amount"] = Amount(schedule.Order.Amount, schedule.Order.Currency),
            ["alias"] = BunqObjects.AccountLabel(account, state.Users[account.UserId]),
            ["counterparty_alias"] = BunqObjects.CounterpartyLabel(state, schedule.Order.CounterpartyType, schedule.Order.CounterpartyValue, schedule.Order.CounterpartyName),
            ["description"] = schedule.Order.Description,
            ["merchant_reference"] = null,
        });
    }

    /// <summary>
    /// A run, wrapped as bunq's SDKs read it (<c>ScheduledInstance</c>: bunq/sdk_csharp
    /// <c>BunqSdk/Model/Generated/Endpoint/ScheduleInstance.cs</c>, <c>OBJECT_TYPE_GET</c>). Its <c>id</c> is the emulator's
    /// own: the item route needs one, and neither bunq's description nor its SDKs show where it comes from.
    /// </summary>
    private static JsonObject InstanceItem(EmulatorState state, ScheduledPayment schedule, ScheduleInstance instance) =>
        Item("ScheduledInstance", state.Objects.Build("ScheduleInstanceRead", instance.Id, Owner(state, schedule), new JsonObject
        {
            ["id"] = instance.Id,
            ["state"] = instance.State,
            ["time_start"] = Time(instance.Time),
            ["time_end"] = Time(instance.Time),
            ["error_message"] = instance.Error is { } error ? new JsonArray(new JsonObject { ["error_description"] = error, ["error_description_translated"] = error }) : new JsonArray(),
            ["scheduled_object"] = null,
            ["result_object"] = instance.PaymentId is { } id
                ? new JsonObject { ["Payment"] = BunqObjects.Payment(state, state.Payments.Find(p => p.Id == id)!, state.Accounts[schedule.AccountId]) }
                : null,
        }));

    private static User Owner(EmulatorState state, ScheduledPayment schedule) => state.Users[state.Accounts[schedule.AccountId].UserId];
}
