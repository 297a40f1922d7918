using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// The state file's part for money between emulated users (request-responses, draft payments, payment-batches, and the
/// request-inquiry fields they added), kept beside the rest in the same atomically written file.
/// </summary>
internal static class LedgerFile
{
    public static JsonObject ToJson(EmulatorState state) => new()
    {
        ["inquiries"] = new JsonArray(state.Inquiries.Values.Select(q => (JsonNode?)new JsonObject
        {
            ["id"] = q.Id, ["type"] = q.CounterpartyType, ["updated"] = q.Updated, ["responded"] = q.AmountResponded,
            ["higher"] = q.AllowAmountHigher, ["lower"] = q.AllowAmountLower, ["batch"] = q.BatchId,
        }).ToArray()),
        ["responses"] = new JsonArray(state.Responses.Values.Select(r => (JsonNode?)new JsonObject
        {
            ["id"] = r.Id, ["account"] = r.AccountId, ["inquiry"] = r.InquiryId, ["created"] = r.Created, ["status"] = r.Status,
            ["responded"] = r.Responded, ["payment"] = r.PaymentId,
        }).ToArray()),
        ["drafts"] = new JsonArray(state.DraftPayments.Values.Select(d => (JsonNode?)new JsonObject
        {
            ["id"] = d.Id, ["account"] = d.AccountId, ["created"] = d.Created, ["updated"] = d.Updated, ["status"] = d.Status, ["batch"] = d.BatchId,
            ["payments"] = Ids(d.PaymentIds), ["entry_ids"] = Ids(d.EntryIds),
            ["entries"] = new JsonArray(d.Entries.Select(e => (JsonNode?)Order(e)).ToArray()),
        }).ToArray()),
        ["batches"] = new JsonArray(state.Batches.Values.Select(b => (JsonNode?)new JsonObject
        {
            ["id"] = b.Id, ["account"] = b.AccountId, ["payments"] = Ids(b.PaymentIds),
        }).ToArray()),
        ["tabs"] = new JsonArray(state.BunqMeTabs.Values.Select(t => (JsonNode?)new JsonObject
        {
            ["id"] = t.Id, ["account"] = t.AccountId, ["amount"] = t.Amount, ["description"] = t.Description, ["redirect"] = t.RedirectUrl,
            ["uuid"] = t.Uuid, ["created"] = t.Created, ["status"] = t.Status, ["payments"] = Ids(t.PaymentIds),
        }).ToArray()),
        ["schedules"] = new JsonArray(state.Schedules.Values.Select(s => (JsonNode?)new JsonObject
        {
            ["id"] = s.Id, ["account"] = s.AccountId, ["order"] = Order(s.Order), ["start"] = s.Start, ["end"] = s.End, ["unit"] = s.Unit, ["size"] = s.Size,
            ["status"] = s.Status, ["runs"] = s.Runs, ["is_batch"] = s.IsBatch,
            ["orders"] = new JsonArray(s.Orders.Select(o => (JsonNode?)Order(o)).ToArray()),
            ["instances"] = new JsonArray(s.Instances.Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = i.Id, ["time"] = i.Time, ["state"] = i.State, ["payment"] = i.PaymentId, ["error"] = i.Error, ["batch"] = i.BatchId,
            }).ToArray()),
        }).ToArray()),
        ["inquiry_batches"] = new JsonArray(state.InquiryBatches.Values.Select(b => (JsonNode?)new JsonObject
        {
            ["id"] = b.Id, ["account"] = b.AccountId, ["inquiries"] = Ids(b.InquiryIds), ["total"] = b.TotalInquired, ["currency"] = b.Currency, ["created"] = b.Created,
        }).ToArray()),
        ["co_owners"] = new JsonArray(state.Accounts.Values.Where(a => a.CoOwners.Count > 0).Select(a => (JsonNode?)new JsonObject
        {
            ["account"] = a.Id,
            ["owners"] = new JsonArray(a.CoOwners.Select(c => (JsonNode?)new JsonObject { ["user"] = c.UserId, ["status"] = c.Status }).ToArray()),
        }).ToArray()),
    };

    public static void Load(EmulatorState state, JsonObject? root)
    {
        if (root is null)
        {
            return; // a state file from before these were kept
        }

        foreach (JsonNode? q in root["inquiries"]!.AsArray())
        {
            RequestInquiry old = state.Inquiries[q!["id"]!.GetValue<long>()];
            state.Inquiries[old.Id] = new RequestInquiry(old.Id, old.AccountId, old.Amount, old.Currency, old.Counterparty, old.Status)
            {
                Description = old.Description, Created = old.Created, CounterpartyType = q["type"]!.GetValue<string>(),
                Updated = q["updated"]?.GetValue<DateTimeOffset>(), AmountResponded = q["responded"]?.GetValue<decimal>(),
                AllowAmountHigher = q["higher"]!.GetValue<bool>(), AllowAmountLower = q["lower"]!.GetValue<bool>(), BatchId = q["batch"]?.GetValue<long>(),
            };
        }

        foreach (JsonNode? r in root["responses"]!.AsArray())
        {
            var response = new RequestResponse(r!["id"]!.GetValue<long>(), r["account"]!.GetValue<long>(), r["inquiry"]!.GetValue<long>(), r["created"]!.GetValue<DateTimeOffset>())
            {
                Status = r["status"]!.GetValue<string>(), Responded = r["responded"]?.GetValue<DateTimeOffset>(), PaymentId = r["payment"]?.GetValue<long>(),
            };
            state.Responses.Add(response.Id, response);
        }

        foreach (JsonNode? d in root["drafts"]!.AsArray())
        {
            PaymentOrder[] entries = d!["entries"]!.AsArray().Select(e => LoadOrder(state, e!)).ToArray();
            var draft = new DraftPayment(d["id"]!.GetValue<long>(), d["account"]!.GetValue<long>(), entries, d["created"]!.GetValue<DateTimeOffset>())
            {
                Updated = d["updated"]!.GetValue<DateTimeOffset>(), Status = d["status"]!.GetValue<string>(), BatchId = d["batch"]?.GetValue<long>(),
                PaymentIds = LoadIds(d["payments"]), EntryIds = LoadIds(d["entry_ids"]),
            };
            state.DraftPayments.Add(draft.Id, draft);
        }

        foreach (JsonNode? b in root["batches"]!.AsArray())
        {
            var batch = new PaymentBatch(b!["id"]!.GetValue<long>(), b["account"]!.GetValue<long>(), LoadIds(b["payments"]));
            state.Batches.Add(batch.Id, batch);
        }

        foreach (JsonNode? t in root["tabs"]?.AsArray() ?? [])
        {
            var tab = new BunqMeTab(t!["id"]!.GetValue<long>(), t["account"]!.GetValue<long>(), t["amount"]?.GetValue<decimal>(), t["description"]!.GetValue<string>(),
                t["redirect"]?.GetValue<string>(), t["uuid"]!.GetValue<string>(), t["created"]!.GetValue<DateTimeOffset>()) { Status = t["status"]!.GetValue<string>() };
            tab.PaymentIds.AddRange(LoadIds(t["payments"]));
            state.BunqMeTabs.Add(tab.Id, tab);
        }

        foreach (JsonNode? s in root["schedules"]?.AsArray() ?? [])
        {
            // a file from before batches kept one "order"; "orders" holds every order of a batch
            PaymentOrder[] orders = s!["orders"]?.AsArray().Select(o => LoadOrder(state, o!)).ToArray() ?? [LoadOrder(state, s["order"]!)];
            var schedule = new ScheduledPayment(s["id"]!.GetValue<long>(), s["account"]!.GetValue<long>(), orders, s["start"]!.GetValue<DateTimeOffset>(),
                s["end"]?.GetValue<DateTimeOffset>(), s["unit"]!.GetValue<string>(), s["size"]!.GetValue<int>())
            {
                Status = s["status"]!.GetValue<string>(), Runs = s["runs"]!.GetValue<int>(), IsBatch = s["is_batch"]?.GetValue<bool>() ?? false,
            };
            schedule.Instances.AddRange(s["instances"]!.AsArray().Select(i => new ScheduleInstance(i!["id"]!.GetValue<long>(), i["time"]!.GetValue<DateTimeOffset>(),
                i["state"]!.GetValue<string>(), i["payment"]?.GetValue<long>(), i["error"]?.GetValue<string>()) { BatchId = i["batch"]?.GetValue<long>() }));
            state.Schedules.Add(schedule.Id, schedule);
        }

        foreach (JsonNode? b in root["inquiry_batches"]?.AsArray() ?? [])
        {
            var batch = new RequestInquiryBatch(b!["id"]!.GetValue<long>(), b["account"]!.GetValue<long>(), LoadIds(b["inquiries"]), b["total"]!.GetValue<decimal>(),
                b["currency"]!.GetValue<string>(), b["created"]!.GetValue<DateTimeOffset>());
            state.InquiryBatches.Add(batch.Id, batch);
        }

        foreach (JsonNode? joint in root["co_owners"]?.AsArray() ?? [])
        {
            state.Accounts[joint!["account"]!.GetValue<long>()].CoOwners.AddRange(
                joint["owners"]!.AsArray().Select(c => new CoOwner(c!["user"]!.GetValue<long>(), c["status"]!.GetValue<string>())));
        }
    }

    private static JsonObject Order(PaymentOrder e) => new()
    {
        ["amount"] = e.Amount, ["currency"] = e.Currency, ["description"] = e.Description, ["type"] = e.CounterpartyType,
        ["value"] = e.CounterpartyValue, ["name"] = e.CounterpartyName, ["target"] = e.Target?.Id,
    };

    private static PaymentOrder LoadOrder(EmulatorState state, JsonNode e) => new(e["amount"]!.GetValue<decimal>(), e["currency"]!.GetValue<string>(),
        e["description"]!.GetValue<string>(), e["type"]!.GetValue<string>(), e["value"]!.GetValue<string>(), e["name"]?.GetValue<string>(),
        e["target"] is { } target ? state.Accounts[target.GetValue<long>()] : null);

    private static JsonArray Ids(IEnumerable<long> ids) => new(ids.Select(id => (JsonNode?)id).ToArray());

    private static long[] LoadIds(JsonNode? ids) => ids!.AsArray().Select(id => id!.GetValue<long>()).ToArray();
}
