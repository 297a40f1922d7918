using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>schedule-payment-batch</c>: several payments on one schedule (create, get, update, delete = cancel; bunq offers no
/// listing). Each run pays them all together, all or nothing, as one payment-batch, and is recorded as a
/// schedule-instance of its <c>schedule</c>, like a schedule-payment's run (<see cref="ScheduleRunner"/>). bunq's SDKs:
/// "Endpoint for schedule payment batches" with <c>payments</c> (a list of <c>SchedulePaymentEntry</c>) and
/// <c>schedule</c> (bunq/sdk_csharp <c>BunqSdk/Model/Generated/Endpoint/SchedulePaymentBatch.cs</c>).
/// </summary>
internal static class ScheduleBatchRoutes
{
    private const string Batches = "/v1/user/{userID}/monetary-account/{monetary-accountID}/schedule-payment-batch";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        // Signature rule, token and rate class from the catalogue: its POST is signed (it executes payments).
        routes.Map("POST", Batches, context => Create(context, state));
        routes.Map("GET", Batches + "/{itemId}", context => ScheduleRoutes.With(context, state, "itemId", s => Ok(Item("SchedulePaymentBatch", Batch(state, s, "SchedulePaymentBatchRead"))), batch: true));
        routes.Map("PUT", Batches + "/{itemId}", context => ScheduleRoutes.With(context, state, "itemId", s => Update(context, state, s), batch: true));
        routes.Map("DELETE", Batches + "/{itemId}", context => ScheduleRoutes.With(context, state, "itemId", s => ScheduleRoutes.Cancel(state, s), batch: true));
    }

    /// <summary>A batch schedule as bunq's type <paramref name="typeName"/> (its GET's, or an event's <c>SchedulePaymentBatch</c>).</summary>
    internal static JsonObject Batch(EmulatorState state, ScheduledPayment schedule, string typeName) =>
        state.Objects.Build(typeName, schedule.Id, ScheduleRoutes.Owner(state, schedule), new JsonObject
        {
            ["payments"] = new JsonArray(schedule.Orders.Select(o => (JsonNode)ScheduleRoutes.Entry(state, schedule, o)).ToArray()),
            ["schedule"] = ScheduleRoutes.Schedule(state, schedule, typeName == "SchedulePaymentBatchRead" ? "ScheduleRead" : "Schedule"),
        });

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (TryOrders(state, account, body, "payments", out List<PaymentOrder> orders) is { } problem)
        {
            return Error(400, problem);
        }

        if (ScheduleRoutes.TryRecurrence(body.Child("schedule"), out ScheduleRoutes.Recurrence recurrence) is { } wrong)
        {
            return Error(400, wrong);
        }

        var scheduled = new ScheduledPayment(state.NextId(), account.Id, orders, recurrence.Start, recurrence.End, recurrence.Unit, recurrence.Size) { IsBatch = true };
        state.Schedules.Add(scheduled.Id, scheduled);
        state.Events.Schedule(state, scheduled, "CREATED");
        return Ok(Id(scheduled.Id));
    }

    /// <summary>
    /// bunq's SDKs update a batch's <c>payments</c> and/or its <c>schedule</c> (<c>SchedulePaymentBatch.Update</c>, which
    /// reads back the <c>Id</c>): the rules are a schedule-payment's (<see cref="ScheduleRoutes.Update"/>).
    /// </summary>
    private static IResult Update(HttpContext context, EmulatorState state, ScheduledPayment schedule) =>
        ScheduleRoutes.Update(context, state, schedule, "payments", (account, body) =>
            (TryOrders(state, account, body, "payments", out List<PaymentOrder> orders), orders), s => Ok(Id(s.Id)));

    /// <returns>The refusal text, or null with the batch's payment orders, each held to the sandbox's rules.</returns>
    internal static string? TryOrders(EmulatorState state, Account account, JsonElement? body, string field, out List<PaymentOrder> orders)
    {
        orders = [];
        if (body.Child(field) is not { ValueKind: JsonValueKind.Array } items || items.GetArrayLength() == 0)
        {
            return $"Field '{field}' must list at least one payment.";
        }

        foreach (JsonElement item in items.EnumerateArray())
        {
            if (state.Ledger.TryOrder(account, item, out PaymentOrder order) is { } problem)
            {
                return $"Payment {orders.Count + 1} of the batch: {problem}";
            }

            orders.Add(order);
        }

        return null;
    }
}
