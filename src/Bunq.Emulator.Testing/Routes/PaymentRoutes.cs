using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.Catalogue;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Payments (create, get, paginated list) and payment-batches (all or nothing), through the <see cref="Ledger"/> under
/// the sandbox's rules: "We do not use real money and do not allow external transactions in the sandbox environment".
/// </summary>
internal static class PaymentRoutes
{
    private const string Payments = "/v1/user/{userID}/monetary-account/{monetary-accountID}/payment";
    private const string Batches = "/v1/user/{userID}/monetary-account/{monetary-accountID}/payment-batch";

    /// <summary>
    /// What a payment-batch create sends: bunq's description types <c>payments</c> as the answer's
    /// <c>{"Payment": [...]}</c>, but bunq's SDKs send "an array of single payment objects, that will become part of the
    /// batch" (bunq/sdk_csharp <c>BunqSdk/Model/Generated/Endpoint/PaymentBatch.cs</c>, <c>Create(List&lt;Payment&gt; payments)</c>).
    /// No kind of data/bunq-facts.txt expresses it: the description's type <c>PaymentBatch</c> is both this create body and
    /// the object inside <c>ScheduleInstanceAnchorObject</c> and <c>EventObject</c>, where bunq's SDKs read <c>payments</c> as
    /// <c>{"Payment": [...]}</c> (<c>PaymentBatchAnchoredPayment</c>), so a <c>field</c> fact would change those answers
    /// too; <c>sent-as</c> maps one type to another, not an object to an array. Hence this one request shape stays here.
    /// </summary>
    private static readonly BunqObjectType BatchRequest = new("PaymentBatch", [new BunqField("payments", "object", "Payment", isArray: true, readOnly: false, writeOnly: false, required: true)]);

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        // bunq enforces signatures on calls that execute payments (bunq-protocol.md §3.1).
        routes.Map("POST", Payments, context => Create(context, state), RouteAuth.Session, signatureRequired: true);
        routes.Map("GET", Payments + "/{itemId}", context => Get(context, state), RouteAuth.Session);
        routes.Map("GET", Payments, context => Paging.OfAccount(context, state.Payments, p => p.AccountId, p => p.Id, p => PaymentItem(state, p)), RouteAuth.Session);
        routes.Map("POST", Batches, context => CreateBatch(context, state), RouteAuth.Session, signatureRequired: true, requestType: BatchRequest);
        routes.Map("GET", Batches + "/{itemId}", context => GetBatch(context, state), RouteAuth.Session);
        routes.Map("GET", Batches, context => Paging.OfAccount(context, state.Batches.Values, b => b.AccountId, b => b.Id, b => BatchItem(state, b)), RouteAuth.Session);
    }

    public static JsonObject PaymentItem(EmulatorState state, Payment payment) =>
        Item("Payment", BunqObjects.Payment(state, payment, state.Accounts[payment.AccountId]));

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        if (state.Ledger.TryOrder(account, RequestJson.Parse(CallContext.Of(context).Body), out PaymentOrder order) is { } problem)
        {
            return Error(400, problem);
        }

        IReadOnlyList<Payment>? paid = state.Ledger.Execute(account, [order], out string? refusal);
        return paid is null ? Error(400, refusal!) : Ok(Id(paid[0].Id));
    }

    private static IResult Get(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        Payment? payment = state.Payments.Find(context.RouteLong("itemId")) is { } found && found.AccountId == account.Id ? found : null;
        return payment is null ? Error(404, "Payment not found.") : Ok(PaymentItem(state, payment));
    }

    /// <summary>
    /// Every payment of the batch runs, or none: each is checked against the sandbox's rules and their sum against the
    /// balance before the first moves money (bunq's SDKs: "payments we want to send in a single batch").
    /// </summary>
    private static IResult CreateBatch(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (body.Child("payments") is not { ValueKind: JsonValueKind.Array } items || items.GetArrayLength() == 0)
        {
            return Error(400, "Field 'payments' must list at least one payment.");
        }

        var orders = new List<PaymentOrder>();
        foreach (JsonElement item in items.EnumerateArray())
        {
            if (state.Ledger.TryOrder(account, item, out PaymentOrder order) is { } problem)
            {
                return Error(400, $"Payment {orders.Count + 1} of the batch: {problem} No payment of the batch was made.");
            }

            orders.Add(order);
        }

        long batchId = state.NextId();
        IReadOnlyList<Payment>? paid = state.Ledger.Execute(account, orders, out string? refusal, batchId: batchId);
        if (paid is null)
        {
            return Error(400, refusal + " No payment of the batch was made.");
        }

        state.Batches.Add(batchId, new PaymentBatch(batchId, account.Id, paid.Select(p => p.Id).ToArray()));
        return Ok(Id(batchId));
    }

    private static IResult GetBatch(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        return state.Batches.TryGetValue(context.RouteLong("itemId"), out PaymentBatch? batch) && batch.AccountId == account.Id
            ? Ok(BatchItem(state, batch))
            : Error(404, "Payment batch not found.");
    }

    public static JsonObject BatchItem(EmulatorState state, PaymentBatch batch) => Item("PaymentBatch", state.Objects.Build("PaymentBatchRead", batch.Id, state.Users[state.Accounts[batch.AccountId].UserId], new JsonObject
    {
        ["payments"] = new JsonObject
        {
            ["Payment"] = new JsonArray(batch.PaymentIds.Select(id => (JsonNode)BunqObjects.Payment(state, state.Payments.Find(id)!, state.Accounts[batch.AccountId])).ToArray()),
        },
    }));
}
