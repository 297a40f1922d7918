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

    /// <summary>
    /// Reads what <see cref="ToJson"/> wrote through the state file's one <paramref name="reader"/>, so a damaged entry is
    /// named by its place (<c>ledger.drafts[0].entries[1].amount</c>), never by a value.
    /// </summary>
    public static void Load(EmulatorState state, StateFileReader reader, JsonObject? root)
    {
        if (root is null)
        {
            return; // a state file from before these were kept
        }

        foreach (JsonNode q in reader.Items(root, "inquiries"))
        {
            RequestInquiry old = reader.Find(state.Inquiries, reader.Get<long>(q, "id"), "id");
            state.Inquiries[old.Id] = new RequestInquiry(old.Id, old.AccountId, old.Amount, old.Currency, old.Counterparty, old.Status)
            {
                Description = old.Description, Created = old.Created, CounterpartyType = reader.Get<string>(q, "type"),
                Updated = reader.OptionalValue<DateTimeOffset>(q, "updated"), AmountResponded = reader.OptionalValue<decimal>(q, "responded"),
                AllowAmountHigher = reader.Get<bool>(q, "higher"), AllowAmountLower = reader.Get<bool>(q, "lower"), BatchId = reader.OptionalValue<long>(q, "batch"),
            };
        }

        foreach (JsonNode r in reader.Items(root, "responses"))
        {
            var response = new RequestResponse(reader.Get<long>(r, "id"), reader.Get<long>(r, "account"), reader.Get<long>(r, "inquiry"), reader.Get<DateTimeOffset>(r, "created"))
            {
                Status = reader.Get<string>(r, "status"), Responded = reader.OptionalValue<DateTimeOffset>(r, "responded"), PaymentId = reader.OptionalValue<long>(r, "payment"),
            };
            reader.Add(state.Responses, response.Id, response, "id");
        }

        foreach (JsonNode d in reader.Items(root, "drafts"))
        {
            PaymentOrder[] entries = reader.List(d, "entries", e => LoadOrder(state, reader, e));
            var draft = new DraftPayment(reader.Get<long>(d, "id"), reader.Get<long>(d, "account"), entries, reader.Get<DateTimeOffset>(d, "created"))
            {
                Updated = reader.Get<DateTimeOffset>(d, "updated"), Status = reader.Get<string>(d, "status"), BatchId = reader.OptionalValue<long>(d, "batch"),
                PaymentIds = LoadIds(reader, d, "payments"), EntryIds = LoadIds(reader, d, "entry_ids"),
            };
            reader.Add(state.DraftPayments, draft.Id, draft, "id");
        }

        foreach (JsonNode b in reader.Items(root, "batches"))
        {
            var batch = new PaymentBatch(reader.Get<long>(b, "id"), reader.Get<long>(b, "account"), LoadIds(reader, b, "payments"));
            reader.Add(state.Batches, batch.Id, batch, "id");
        }

        foreach (JsonNode t in reader.Items(root, "tabs", optional: true))
        {
            var tab = new BunqMeTab(reader.Get<long>(t, "id"), reader.Get<long>(t, "account"), reader.OptionalValue<decimal>(t, "amount"), reader.Get<string>(t, "description"),
                reader.OptionalText(t, "redirect"), reader.Get<string>(t, "uuid"), reader.Get<DateTimeOffset>(t, "created")) { Status = reader.Get<string>(t, "status") };
            tab.PaymentIds.AddRange(LoadIds(reader, t, "payments"));
            reader.Add(state.BunqMeTabs, tab.Id, tab, "id");
        }

        foreach (JsonNode s in reader.Items(root, "schedules", optional: true))
        {
            // a file from before batches kept one "order"; "orders" holds every order of a batch
            PaymentOrder[] orders = s["orders"] is null
                ? [reader.Within(s, "order", o => LoadOrder(state, reader, o))]
                : reader.List(s, "orders", o => LoadOrder(state, reader, o));
            var schedule = new ScheduledPayment(reader.Get<long>(s, "id"), reader.Get<long>(s, "account"), orders, reader.Get<DateTimeOffset>(s, "start"),
                reader.OptionalValue<DateTimeOffset>(s, "end"), reader.Get<string>(s, "unit"), reader.Get<int>(s, "size"))
            {
                Status = reader.Get<string>(s, "status"), Runs = reader.Get<int>(s, "runs"), IsBatch = reader.OptionalValue<bool>(s, "is_batch") ?? false,
            };
            schedule.Instances.AddRange(reader.List(s, "instances", i => new ScheduleInstance(reader.Get<long>(i, "id"), reader.Get<DateTimeOffset>(i, "time"),
                reader.Get<string>(i, "state"), reader.OptionalValue<long>(i, "payment"), reader.OptionalText(i, "error")) { BatchId = reader.OptionalValue<long>(i, "batch") }));
            reader.Add(state.Schedules, schedule.Id, schedule, "id");
        }

        foreach (JsonNode b in reader.Items(root, "inquiry_batches", optional: true))
        {
            var batch = new RequestInquiryBatch(reader.Get<long>(b, "id"), reader.Get<long>(b, "account"), LoadIds(reader, b, "inquiries"), reader.Get<decimal>(b, "total"),
                reader.Get<string>(b, "currency"), reader.Get<DateTimeOffset>(b, "created"));
            reader.Add(state.InquiryBatches, batch.Id, batch, "id");
        }

        foreach (JsonNode joint in reader.Items(root, "co_owners", optional: true))
        {
            reader.Find(state.Accounts, reader.Get<long>(joint, "account"), "account").CoOwners.AddRange(
                reader.List(joint, "owners", c => new CoOwner(reader.Get<long>(c, "user"), reader.Get<string>(c, "status"))));
        }
    }

    private static JsonObject Order(PaymentOrder e) => new()
    {
        ["amount"] = e.Amount, ["currency"] = e.Currency, ["description"] = e.Description, ["type"] = e.CounterpartyType,
        ["value"] = e.CounterpartyValue, ["name"] = e.CounterpartyName, ["target"] = e.Target?.Id,
    };

    private static PaymentOrder LoadOrder(EmulatorState state, StateFileReader reader, JsonNode e) => new(reader.Get<decimal>(e, "amount"), reader.Get<string>(e, "currency"),
        reader.Get<string>(e, "description"), reader.Get<string>(e, "type"), reader.Get<string>(e, "value"), reader.OptionalText(e, "name"),
        reader.OptionalValue<long>(e, "target") is { } target ? reader.Find(state.Accounts, target, "target") : null);

    private static JsonArray Ids(IEnumerable<long> ids) => new(ids.Select(id => (JsonNode?)id).ToArray());

    private static long[] LoadIds(StateFileReader reader, JsonNode owner, string name) => reader.List(owner, name, reader.Value<long>);
}
