using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>
/// request-inquiry-batch and schedule-payment-batch over TLS through the emulator: bunq's rules, money through the one
/// ledger, an event for every change, and the state kept across a restart with a data directory.
/// </summary>
public sealed class BatchTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bunq-batches-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_request_batch_arrives_as_requests_and_responses_is_revoked_as_one_and_is_kept_across_a_restart()
    {
        var options = new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = _directory };
        string requesterKey, payerKey, batchPath, requestPath;
        long batch;
        await using (BunqEmulator bunq = await BunqEmulator.StartAsync(options))
        {
            using WireClient requester = await new WireClient(bunq).ConnectAsync();
            using WireClient payer = await new WireClient(bunq).ConnectAsync();
            using WireClient other = await new WireClient(bunq).ConnectAsync();
            (requesterKey, payerKey) = (requester.ApiKey!, payer.ApiKey!);
            long account = await ListingTests.MainAccountAsync(requester);
            long payerAccount = await ListingTests.MainAccountAsync(payer);
            await ListingTests.TopUpAsync(payer, payerAccount, 1, 20m);
            batchPath = $"user/{requester.UserId}/monetary-account/{account}/request-inquiry-batch";
            requestPath = $"user/{requester.UserId}/monetary-account/{account}/request-inquiry";
            string payerEmail = await EmailAsync(payer), otherEmail = await EmailAsync(other);

            // One request of three breaks bunq's rules (another currency): none is made.
            WireResponse refused = await requester.CallAsync(HttpMethod.Post, batchPath, RequestBatch("30.00", ("10.00", "EUR", payerEmail), ("15.00", "USD", otherEmail)));
            Assert.Equal(400, refused.Status);
            Assert.Contains("Request 2 of the batch", refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain((await requester.CallAsync(HttpMethod.Get, requestPath)).Items, i => i!["RequestInquiry"]!["description"]!.GetValue<string>() == "split");

            batch = (await requester.CallAsync(HttpMethod.Post, batchPath, RequestBatch("30.00", ("10.00", "EUR", payerEmail), ("15.00", "EUR", otherEmail))))
                .Item("Id")["id"]!.GetValue<long>();
            JsonObject made = (await requester.CallAsync(HttpMethod.Get, $"{batchPath}/{batch}")).Item("RequestInquiryBatch");
            Assert.Equal("30.00", made["total_amount_inquired"]!["value"]!.GetValue<string>());
            Assert.Equal(["PENDING", "PENDING"], made["request_inquiries"]!.AsArray().Select(q => q!["status"]!.GetValue<string>()));
            Assert.All(made["request_inquiries"]!.AsArray(), q => Assert.Equal(batch, q!["batch_id"]!.GetValue<long>()));
            Assert.Single((await requester.CallAsync(HttpMethod.Get, batchPath)).Items);

            // Each request is an ordinary one: the payer sees a request-response and pays it through the ledger.
            JsonObject response = (await payer.CallAsync(HttpMethod.Get, $"user/{payer.UserId}/monetary-account/{payerAccount}/request-response")).Item("RequestResponse");
            (await payer.CallAsync(HttpMethod.Put, $"user/{payer.UserId}/monetary-account/{payerAccount}/request-response/{response["id"]}",
                new JsonObject { ["status"] = "ACCEPTED" })).EnsureOk();
            Assert.Equal("10.00", await MoneyModelTests.BalanceAsync(requester, account));

            // Revoking the batch revokes what is still pending; the paid request stays paid; a second revoke has nothing left.
            (await requester.CallAsync(HttpMethod.Put, $"{batchPath}/{batch}", new JsonObject { ["status"] = "REVOKED" })).EnsureOk();
            JsonObject revoked = (await requester.CallAsync(HttpMethod.Get, $"{batchPath}/{batch}")).Item("RequestInquiryBatch");
            Assert.Equal(["ACCEPTED", "REVOKED"], revoked["request_inquiries"]!.AsArray().Select(q => q!["status"]!.GetValue<string>()));
            Assert.Equal(400, (await requester.CallAsync(HttpMethod.Put, $"{batchPath}/{batch}", new JsonObject { ["status"] = "REVOKED" })).Status);
            Assert.Equal("REVOKED", (await other.CallAsync(HttpMethod.Get, $"user/{other.UserId}/monetary-account/{await ListingTests.MainAccountAsync(other)}/request-response"))
                .Item("RequestResponse")["status"]!.GetValue<string>());

            // Another user's batch and an unknown id are not found; the batch is the requester's, not the payer's.
            Assert.Equal(404, (await requester.CallAsync(HttpMethod.Get, $"{batchPath}/{batch + 1000}")).Status);
            Assert.Equal(404, (await payer.CallAsync(HttpMethod.Get, $"user/{payer.UserId}/monetary-account/{payerAccount}/request-inquiry-batch/{batch}")).Status);
            Assert.Equal(404, (await payer.CallAsync(HttpMethod.Get, $"{batchPath}/{batch}")).Status);

            // Events: the batch made and revoked, as REQUEST events of the requester's.
            Assert.Equal(["CREATE", "UPDATE"], (await EventsAsync(requester, "RequestInquiryBatch")).Select(e => e["action"]!.GetValue<string>()));
        }

        await using (BunqEmulator again = await BunqEmulator.StartAsync(options))
        {
            using WireClient requester = await new WireClient(again) { ApiKey = requesterKey }.ConnectAsync();
            JsonObject kept = (await requester.CallAsync(HttpMethod.Get, $"{batchPath}/{batch}")).Item("RequestInquiryBatch");
            Assert.Equal(["ACCEPTED", "REVOKED"], kept["request_inquiries"]!.AsArray().Select(q => q!["status"]!.GetValue<string>()));
            Assert.All(kept["request_inquiries"]!.AsArray(), q => Assert.Equal(batch, q!["batch_id"]!.GetValue<long>()));
            Assert.Equal("30.00", kept["total_amount_inquired"]!["value"]!.GetValue<string>());
            Assert.NotNull(payerKey);
        }
    }

    [Fact]
    public async Task A_schedule_payment_batch_pays_all_of_an_occurrence_together_or_none_and_is_kept_across_a_restart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var options = new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = clock, SessionTimeoutSeconds = 90 * 86_400, DataDirectory = _directory };
        string payerKey, path, account;
        long schedule, from;
        await using (BunqEmulator bunq = await BunqEmulator.StartAsync(options))
        {
            using WireClient payer = await new WireClient(bunq).ConnectAsync();
            using WireClient payee = await new WireClient(bunq).ConnectAsync();
            payerKey = payer.ApiKey!;
            from = await ListingTests.MainAccountAsync(payer);
            long to = await ListingTests.MainAccountAsync(payee);
            await ListingTests.TopUpAsync(payer, from, 1, 25m);
            account = $"user/{payer.UserId}/monetary-account/{from}";
            path = $"{account}/schedule-payment-batch";
            string payeeEmail = await EmailAsync(payee);

            Assert.Equal(400, (await payer.CallAsync(HttpMethod.Post, path, ScheduleBatch(payeeEmail, "2026-03-01 10:00:00", "DAILY", "4.00", "EXTERNAL"))).Status);
            schedule = (await payer.CallAsync(HttpMethod.Post, path, ScheduleBatch(payeeEmail, "2026-03-01 10:00:00", "DAILY", "4.00", "6.00"))).Item("Id")["id"]!.GetValue<long>();
            JsonObject made = (await payer.CallAsync(HttpMethod.Get, $"{path}/{schedule}")).Item("SchedulePaymentBatch");
            Assert.Equal(["4.00", "6.00"], made["payments"]!.AsArray().Select(p => p!["amount"]!["value"]!.GetValue<string>()));
            Assert.Equal("DAILY", made["schedule"]!["recurrence_unit"]!.GetValue<string>());
            Assert.Equal(404, (await payer.CallAsync(HttpMethod.Get, $"{account}/schedule-payment/{schedule}")).Status); // a batch, not a schedule-payment

            clock.Advance(TimeSpan.FromHours(1)); // 10:00 on the 1st: 25 - 10
            clock.Advance(TimeSpan.FromDays(1)); // the 2nd: 15 - 10
            // Change the payments for the runs to come: 3 + 4 = 7 from the 5 left does not fit, so on the 3rd nothing moves.
            (await payer.CallAsync(HttpMethod.Put, $"{path}/{schedule}", new JsonObject { ["payments"] = ScheduleBatch(payeeEmail, "2026-03-01 10:00:00", "DAILY", "3.00", "4.00")["payments"]!.DeepClone() })).EnsureOk();
            clock.Advance(TimeSpan.FromDays(1));
            JsonArray runs = await InstancesAsync(payer, account, schedule);
            Assert.Equal(["FAILED_USER_ERROR", "FINISHED_SUCCESSFULLY", "FINISHED_SUCCESSFULLY"], runs.Select(i => i!["state"]!.GetValue<string>()));
            Assert.Contains("Insufficient balance", runs[0]!["error_message"]![0]!["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
            JsonObject paidBatch = runs[1]!["result_object"]!["PaymentBatch"]!.AsObject();
            Assert.Equal(["-4.00", "-6.00"], paidBatch["payments"]!["Payment"]!.AsArray().Select(p => p!["amount"]!["value"]!.GetValue<string>()));
            Assert.All(paidBatch["payments"]!["Payment"]!.AsArray(), p => Assert.Equal(schedule, p!["scheduled_id"]!.GetValue<long>()));
            Assert.Equal("5.00", await MoneyModelTests.BalanceAsync(payer, from));
            Assert.Equal("20.00", await MoneyModelTests.BalanceAsync(payee, to));

            // Refusals: another user's account and unknown ids are not found.
            Assert.Equal(404, (await payee.CallAsync(HttpMethod.Get, $"{path}/{schedule}")).Status);
            Assert.Equal(404, (await payer.CallAsync(HttpMethod.Delete, $"{path}/{schedule + 1000}")).Status);

            // Events: made, changed (SCHEDULE_STATUS), and one per run (SCHEDULE_RESULT).
            Assert.Equal(["CREATE", "UPDATE"], (await EventsAsync(payer, "ScheduledPaymentBatch")).Select(e => e["action"]!.GetValue<string>()));
            Assert.Equal(3, (await EventsAsync(payer, "ScheduledInstance")).Count);
        }

        await using (BunqEmulator again = await BunqEmulator.StartAsync(options))
        {
            using WireClient payer = await new WireClient(again) { ApiKey = payerKey }.ConnectAsync();
            JsonObject kept = (await payer.CallAsync(HttpMethod.Get, $"{path}/{schedule}")).Item("SchedulePaymentBatch");
            Assert.Equal(["3.00", "4.00"], kept["payments"]!.AsArray().Select(p => p!["amount"]!["value"]!.GetValue<string>()));
            Assert.Equal(3, (await InstancesAsync(payer, account, schedule)).Count);
            Assert.Equal("PaymentBatch", (await InstancesAsync(payer, account, schedule))[1]!["result_object"]!.AsObject().Single().Key);

            (await payer.CallAsync(HttpMethod.Delete, $"{path}/{schedule}")).EnsureOk();
            clock.Advance(TimeSpan.FromDays(3));
            Assert.Equal(3, (await InstancesAsync(payer, account, schedule)).Count); // cancelled: no run after it
            Assert.Equal("CANCELLED", (await payer.CallAsync(HttpMethod.Get, $"{account}/schedule/{schedule}")).Item("Schedule")["status"]!.GetValue<string>());
            Assert.Equal(400, (await payer.CallAsync(HttpMethod.Put, $"{path}/{schedule}", new JsonObject
            {
                ["schedule"] = new JsonObject { ["time_start"] = "2026-03-01 10:00:00", ["recurrence_unit"] = "WEEKLY" },
            })).Status);
            Assert.Equal("5.00", await MoneyModelTests.BalanceAsync(payer, from));
        }
    }

    internal static JsonObject RequestBatch(string total, params (string Amount, string Currency, string Email)[] requests) => new()
    {
        ["request_inquiries"] = new JsonArray(requests.Select(r => (JsonNode)new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = r.Amount, ["currency"] = r.Currency },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = r.Email },
            ["description"] = "split",
            ["allow_bunqme"] = false,
        }).ToArray()),
        ["total_amount_inquired"] = new JsonObject { ["value"] = total, ["currency"] = "EUR" },
    };

    /// <summary>Payments of <paramref name="amounts"/> to <paramref name="email"/> ("EXTERNAL" pays an IBAN outside the sandbox).</summary>
    internal static JsonObject ScheduleBatch(string email, string start, string unit, params string[] amounts) => new()
    {
        ["payments"] = new JsonArray(amounts.Select(a => (JsonNode)new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = a == "EXTERNAL" ? "1.00" : a, ["currency"] = "EUR" },
            ["counterparty_alias"] = a == "EXTERNAL"
                ? new JsonObject { ["type"] = "IBAN", ["value"] = "DE89370400440532013000", ["name"] = "Outside" }
                : new JsonObject { ["type"] = "EMAIL", ["value"] = email, ["name"] = "Payee" },
            ["description"] = "rent share",
        }).ToArray()),
        ["schedule"] = new JsonObject { ["time_start"] = start, ["recurrence_unit"] = unit, ["recurrence_size"] = 1 },
    };

    private static async Task<JsonArray> InstancesAsync(WireClient client, string account, long schedule) =>
        new((await client.CallAsync(HttpMethod.Get, $"{account}/schedule/{schedule}/schedule-instance")).EnsureOk().Items.Select(i => i!["ScheduledInstance"]!.DeepClone()).ToArray());

    internal static async Task<List<JsonObject>> EventsAsync(WireClient client, string objectName) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/event?count=200")).Items
            .Select(i => i!["Event"]!.AsObject()).Where(e => e["object"]!.AsObject().ContainsKey(objectName)).Reverse().ToList();

    internal static async Task<string> EmailAsync(WireClient client) =>
        (await client.CallAsync(HttpMethod.Get, $"user-person/{client.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();
}
