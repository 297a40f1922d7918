using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// What bunq's event list says about a change beyond its object: a request received awaits a reply (bunq's
/// <c>EventRead.status</c>), and a draft payment's change is an event of its own (DRAFT_PAYMENT, "creation and updates").
/// </summary>
public sealed class EventStatusTests
{
    [Fact]
    public async Task A_request_received_is_an_AWAITING_REPLY_event_until_it_is_answered()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient requester = await new WireClient(bunq).ConnectAsync();
        using WireClient payer = await new WireClient(bunq).ConnectAsync();
        long requesterAccount = await ListingTests.MainAccountAsync(requester);
        long payerAccount = await ListingTests.MainAccountAsync(payer);
        await ListingTests.TopUpAsync(payer, payerAccount, 1, 10m);
        string payerEmail = await BatchTests.EmailAsync(payer);
        for (int i = 0; i < 2; i++)
        {
            (await requester.CallAsync(HttpMethod.Post, $"user/{requester.UserId}/monetary-account/{requesterAccount}/request-inquiry", new JsonObject
            {
                ["amount_inquired"] = new JsonObject { ["value"] = "2.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = payerEmail },
                ["description"] = "lunch " + i,
                ["allow_bunqme"] = false,
            })).EnsureOk();
        }

        long[] responses = (await payer.CallAsync(HttpMethod.Get, $"user/{payer.UserId}/monetary-account/{payerAccount}/request-response")).Items
            .Select(r => r!["RequestResponse"]!["id"]!.GetValue<long>()).Order().ToArray();
        List<long> awaiting = await ObjectIdsAsync(payer, "AWAITING_REPLY");
        List<long> finalizedBefore = await ObjectIdsAsync(payer, "FINALIZED");
        (await payer.CallAsync(HttpMethod.Put, $"user/{payer.UserId}/monetary-account/{payerAccount}/request-response/{responses[0]}",
            new JsonObject { ["status"] = "ACCEPTED" })).EnsureOk();

        Assert.Equal(responses.Reverse(), awaiting); // newest first
        Assert.DoesNotContain(responses[0], finalizedBefore);
        Assert.Equal([responses[1]], await ObjectIdsAsync(payer, "AWAITING_REPLY"));
        Assert.Contains(responses[0], await ObjectIdsAsync(payer, "FINALIZED"));
        // the requester's own events (its request made) are FINALIZED: nothing of theirs awaits a reply
        Assert.Empty(await ObjectIdsAsync(requester, "AWAITING_REPLY"));
    }

    [Fact]
    public async Task Changing_a_draft_payments_entries_is_a_DRAFT_PAYMENT_UPDATED_event()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient owner = await new WireClient(bunq).ConnectAsync();
        using WireClient payee = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(owner);
        string drafts = $"user/{owner.UserId}/monetary-account/{account}/draft-payment";
        string email = await BatchTests.EmailAsync(payee);
        JsonObject Entries(string amount) => new()
        {
            ["entries"] = new JsonArray(new JsonObject
            {
                ["amount"] = new JsonObject { ["value"] = amount, ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = email, ["name"] = "Payee" },
                ["description"] = "draft",
            }),
            ["number_of_required_accepts"] = 1,
        };
        (await owner.CallAsync(HttpMethod.Post, $"user/{owner.UserId}/notification-filter-url", new JsonObject
        {
            ["notification_filters"] = new JsonArray(new JsonObject { ["category"] = "DRAFT_PAYMENT", ["notification_target"] = "https://app.example/drafts" }),
        })).EnsureOk();
        long draft = (await owner.CallAsync(HttpMethod.Post, drafts, Entries("1.00"))).Item("Id")["id"]!.GetValue<long>();
        (await owner.CallAsync(HttpMethod.Put, $"{drafts}/{draft}", Entries("2.50"))).EnsureOk();
        bunq.AnswerDraftPayment(draft, accept: false);

        List<JsonObject> events = await BatchTests.EventsAsync(owner, "DraftPayment");
        Assert.Equal(["CREATE", "UPDATE", "UPDATE"], events.Select(e => e["action"]!.GetValue<string>()));
        Assert.Equal(["1.00", "2.50", "2.50"], events.Select(e => e["object"]!["DraftPayment"]!["entries"]![0]!["amount"]!["value"]!.GetValue<string>()));
        Assert.Equal(["PENDING", "PENDING", "REJECTED"], events.Select(e => e["object"]!["DraftPayment"]!["status"]!.GetValue<string>()));
        Assert.Equal(["DRAFT_PAYMENT_CREATED", "DRAFT_PAYMENT_UPDATED", "DRAFT_PAYMENT_REJECTED"],
            bunq.Callbacks.Sent.Where(c => c.ObjectName == "DraftPayment" && c.ObjectId == draft).OrderBy(c => c.EventId).Select(c => c.EventType));
    }

    /// <summary>The ids of the RequestResponses among the user's events of <paramref name="status"/>, newest first.</summary>
    private static async Task<List<long>> ObjectIdsAsync(WireClient client, string status)
    {
        List<JsonObject> events = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/event?count=200&status={status}")).EnsureOk().Items
            .Select(i => i!["Event"]!.AsObject()).ToList();
        Assert.All(events, e => Assert.Equal(status, e["status"]!.GetValue<string>()));
        return events.Where(e => e["object"]!.AsObject().ContainsKey("RequestResponse")).Select(e => e["object"]!["RequestResponse"]!["id"]!.GetValue<long>()).ToList();
    }
}
