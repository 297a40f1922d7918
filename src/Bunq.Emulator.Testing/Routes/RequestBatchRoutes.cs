using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>request-inquiry-batch</c>: "Create a request batch by sending an array of single request objects, that will
/// become part of the batch" and "Revoke a request batch. The status of all the requests will be set to REVOKED"
/// (bunq/sdk_csharp <c>BunqSdk/Model/Generated/Endpoint/RequestInquiryBatch.cs</c>: create, update, get, list). Every
/// request of the batch is checked as a single request-inquiry is before any is made (all or none), and each then is an
/// ordinary request-inquiry with the batch's <c>batch_id</c>: listed under request-inquiry, arriving at another emulated
/// user as a request-response, paid through the <see cref="Ledger"/>.
/// </summary>
internal static class RequestBatchRoutes
{
    private const string Batches = "/v1/user/{userID}/monetary-account/{monetary-accountID}/request-inquiry-batch";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", Batches, context => Create(context, state));
        routes.Map("GET", Batches + "/{itemId}", context => With(context, state, batch => Ok(Item("RequestInquiryBatch", Batch(state, batch, "RequestInquiryBatchRead")))));
        routes.Map("GET", Batches, context => Paging.OfAccount(context, state.InquiryBatches.Values, b => b.AccountId, b => b.Id,
            b => Item("RequestInquiryBatch", Batch(state, b, "RequestInquiryBatchListing"))));
        routes.Map("PUT", Batches + "/{itemId}", context => With(context, state, batch => Revoke(context, state, batch)));
    }

    /// <summary>The batch as bunq's type <paramref name="typeName"/>: its requests (each a <c>RequestInquiry</c>) and the total stated.</summary>
    internal static JsonObject Batch(EmulatorState state, RequestInquiryBatch batch, string typeName)
    {
        Account account = state.Accounts[batch.AccountId];
        User owner = state.Users[account.UserId];
        return state.Objects.Build(typeName, batch.Id, owner, new JsonObject
        {
            ["request_inquiries"] = new JsonArray(batch.InquiryIds.Select(id => (JsonNode)Inquiry(state, state.Inquiries[id], account, owner)).ToArray()),
            ["total_amount_inquired"] = Amount(batch.TotalInquired, batch.Currency),
            ["reference_split_the_bill"] = null,
        });
    }

    /// <summary>One request of the batch, with the fields bunq's <c>RequestInquiry</c> type reads (the item GET's values).</summary>
    private static JsonObject Inquiry(EmulatorState state, RequestInquiry inquiry, Account account, User owner)
    {
        Bunq.Catalogue.BunqObjectType type = Bunq.Catalogue.BunqCatalogue.Embedded.Type("RequestInquiry")!;
        JsonObject read = BunqObjects.RequestInquiry(state, inquiry, account);
        var values = new JsonObject();
        foreach ((string name, JsonNode? value) in read.ToArray())
        {
            if (type.Field(name) is { WriteOnly: false })
            {
                read.Remove(name);
                values[name] = value;
            }
        }

        return state.Objects.Build("RequestInquiry", inquiry.Id, owner, values);
    }

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (body.Child("request_inquiries") is not { ValueKind: JsonValueKind.Array } items || items.GetArrayLength() == 0)
        {
            return Error(400, "Field 'request_inquiries' must list at least one request.");
        }

        // bunq's SDKs send total_amount_inquired with every create (a positional argument of RequestInquiryBatch.Create);
        // it is "originally inquired" and, split the bill, may include the requester's own share, so it is kept as sent.
        if (!body.TryAmount("total_amount_inquired", out decimal total, out string currency) || currency != account.Currency)
        {
            return Error(400, $"Field 'total_amount_inquired' must be a positive amount in the account's currency ({account.Currency}).");
        }

        long batchId = state.NextId();
        var plans = new List<RequestRoutes.InquiryPlan>();
        foreach (JsonElement item in items.EnumerateArray())
        {
            if (RequestRoutes.TryPlan(state, account, item, batchId, out RequestRoutes.InquiryPlan plan) is { } problem)
            {
                return Error(400, $"Request {plans.Count + 1} of the batch: {problem} No request of the batch was made.");
            }

            plans.Add(plan);
        }

        var batch = new RequestInquiryBatch(batchId, account.Id, plans.Select(p => p.Inquiry.Id).ToArray(), total, currency, state.Now);
        foreach (RequestRoutes.InquiryPlan plan in plans)
        {
            RequestRoutes.Place(state, plan);
        }

        state.InquiryBatches.Add(batch.Id, batch);
        state.Events.RequestBatch(state, batch);
        return Ok(Id(batch.Id));
    }

    /// <summary>
    /// <c>{"status": "REVOKED"}</c> revokes every request of the batch still PENDING (those answered stay as they are);
    /// a batch with none pending is refused, as a single answered request is.
    /// </summary>
    private static IResult Revoke(HttpContext context, EmulatorState state, RequestInquiryBatch batch)
    {
        if (RequestJson.Parse(CallContext.Of(context).Body).String("status") != "REVOKED")
        {
            return Error(400, "Field 'status' can only be set to REVOKED.");
        }

        List<RequestInquiry> pending = batch.InquiryIds.Select(id => state.Inquiries[id]).Where(q => q.Status == "PENDING").ToList();
        if (pending.Count == 0)
        {
            return Error(400, "No request of the batch is pending: it can no longer be revoked.");
        }

        foreach (RequestInquiry inquiry in pending)
        {
            RequestRoutes.Revoke(state, inquiry);
        }

        state.Events.RequestBatch(state, batch, update: true);
        return Ok(Id(batch.Id));
    }

    private static IResult With(HttpContext context, EmulatorState state, Func<RequestInquiryBatch, IResult> action) =>
        state.InquiryBatches.TryGetValue(context.RouteLong("itemId"), out RequestInquiryBatch? batch) && batch.AccountId == CallContext.Of(context).Account!.Id
            ? action(batch)
            : Error(404, "Request batch not found.");
}
