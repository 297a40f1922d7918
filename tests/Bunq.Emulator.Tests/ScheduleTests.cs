using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>Scheduled payments run on the emulator's clock (a fake one here) and record each run.</summary>
public sealed class ScheduleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bunq-schedules-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_daily_schedule_runs_when_the_clock_reaches_each_day_records_every_run_and_stops_at_its_end()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = clock, SessionTimeoutSeconds = 90 * 86_400 });
        using WireClient payer = await new WireClient(bunq).ConnectAsync();
        using WireClient payee = await new WireClient(bunq).ConnectAsync();
        long from = await ListingTests.MainAccountAsync(payer);
        long to = await ListingTests.MainAccountAsync(payee);
        await ListingTests.TopUpAsync(payer, from, 1, 25m);
        string account = $"user/{payer.UserId}/monetary-account/{from}";
        long schedule = (await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment", new JsonObject
        {
            ["payment"] = new JsonObject
            {
                ["amount"] = new JsonObject { ["value"] = "10.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = await EmailAsync(payee), ["name"] = "Payee" },
                ["description"] = "rent",
            },
            ["schedule"] = new JsonObject { ["time_start"] = "2026-03-01 10:00:00", ["time_end"] = "2026-03-04 10:00:00", ["recurrence_unit"] = "DAILY", ["recurrence_size"] = 1 },
        })).Item("Id")["id"]!.GetValue<long>();

        Assert.Empty(await InstancesAsync(payer, account, schedule)); // 09:00: not yet
        clock.Advance(TimeSpan.FromHours(1));
        JsonArray first = await InstancesAsync(payer, account, schedule);
        clock.Advance(TimeSpan.FromDays(5));
        JsonArray all = await InstancesAsync(payer, account, schedule);

        Assert.Equal(["FINISHED_SUCCESSFULLY"], first.Select(i => i!["state"]!.GetValue<string>()));
        // 10:00 on the 1st, 2nd (15 left → 5), then the 3rd and 4th find 5.00 for 10.00: recorded as failed, nothing moves
        Assert.Equal(["FAILED_USER_ERROR", "FAILED_USER_ERROR", "FINISHED_SUCCESSFULLY", "FINISHED_SUCCESSFULLY"], all.Select(i => i!["state"]!.GetValue<string>()));
        Assert.Equal(["2026-03-04 10:00:00.000000", "2026-03-03 10:00:00.000000", "2026-03-02 10:00:00.000000", "2026-03-01 10:00:00.000000"],
            all.Select(i => i!["time_start"]!.GetValue<string>()));
        Assert.Contains("Insufficient balance", all[0]!["error_message"]![0]!["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("FINISHED", (await payer.CallAsync(HttpMethod.Get, $"{account}/schedule/{schedule}")).Item("Schedule")["status"]!.GetValue<string>());
        Assert.Equal("5.00", await MoneyModelTests.BalanceAsync(payer, from));
        Assert.Equal("20.00", await MoneyModelTests.BalanceAsync(payee, to));
        JsonObject paid = (await payer.CallAsync(HttpMethod.Get, $"{account}/payment")).Item("Payment");
        Assert.Equal(schedule, paid["scheduled_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Deleting_a_schedule_payment_cancels_the_runs_to_come()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = clock, SessionTimeoutSeconds = 90 * 86_400 });
        using WireClient payer = await new WireClient(bunq).ConnectAsync();
        long from = await ListingTests.MainAccountAsync(payer);
        await ListingTests.TopUpAsync(payer, from, 1, 50m);
        string account = $"user/{payer.UserId}/monetary-account/{from}";
        long schedule = (await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment", new JsonObject
        {
            ["payment"] = new JsonObject
            {
                ["amount"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com", ["name"] = "Sugar Daddy" },
                ["description"] = "weekly",
            },
            ["schedule"] = new JsonObject { ["time_start"] = "2026-03-01 09:00:00", ["recurrence_unit"] = "WEEKLY", ["recurrence_size"] = 2 },
        })).Item("Id")["id"]!.GetValue<long>();
        clock.Advance(TimeSpan.FromDays(15)); // runs on the 1st and the 15th

        (await payer.CallAsync(HttpMethod.Delete, $"{account}/schedule-payment/{schedule}")).EnsureOk();
        clock.Advance(TimeSpan.FromDays(30));

        Assert.Equal(2, (await InstancesAsync(payer, account, schedule)).Count);
        Assert.Equal("CANCELLED", (await payer.CallAsync(HttpMethod.Get, $"{account}/schedule-payment/{schedule}")).Item("ScheduledPayment")["status"]!.GetValue<string>());
        Assert.Equal("48.00", await MoneyModelTests.BalanceAsync(payer, from));
        Assert.Equal(400, (await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment", new JsonObject
        {
            ["payment"] = new JsonObject
            {
                ["amount"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com" },
                ["description"] = "never",
            },
            ["schedule"] = new JsonObject { ["time_start"] = "2026-03-01 09:00:00", ["recurrence_unit"] = "FORTNIGHTLY" },
        })).Status);
    }

    [Fact]
    public async Task A_recurrence_past_the_year_9999_or_of_a_broken_size_is_refused_and_a_stored_one_that_overflows_finishes_without_failing_any_call()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var options = new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = clock, SessionTimeoutSeconds = 90 * 86_400, DataDirectory = _directory };
        string payerKey, account;
        long schedule;
        await using (BunqEmulator bunq = await BunqEmulator.StartAsync(options))
        {
            using WireClient payer = await new WireClient(bunq).ConnectAsync();
            payerKey = payer.ApiKey!;
            long from = await ListingTests.MainAccountAsync(payer);
            await ListingTests.TopUpAsync(payer, from, 1, 50m);
            account = $"user/{payer.UserId}/monetary-account/{from}";
            foreach ((string unit, JsonNode size) in new (string, JsonNode)[] { ("MONTHLY", int.MaxValue), ("YEARLY", 8000), ("DAILY", 3_000_000), ("WEEKLY", 1.5), ("DAILY", 0), ("DAILY", "2") })
            {
                WireResponse refused = await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment", Sugar("1.00", "2026-03-01 10:00:00", unit, size.DeepClone()));
                Assert.Equal(400, refused.Status);
                Assert.NotEmpty(refused.Error);
                Assert.Equal(400, (await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment-batch", new JsonObject
                {
                    ["payments"] = new JsonArray(Sugar("1.00", "2026-03-01 10:00:00", unit, 1)["payment"]!.DeepClone()),
                    ["schedule"] = Sugar("1.00", "2026-03-01 10:00:00", unit, size.DeepClone())["schedule"]!.DeepClone(),
                })).Status);
            }

            Assert.Contains("year 9999", (await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment", Sugar("1.00", "2026-03-01 10:00:00", "MONTHLY", int.MaxValue))).Error, StringComparison.Ordinal);
            schedule = (await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment", Sugar("1.00", "2026-03-01 10:00:00", "MONTHLY", 1))).Item("Id")["id"]!.GetValue<long>();
            WireResponse changed = await payer.CallAsync(HttpMethod.Put, $"{account}/schedule-payment/{schedule}", new JsonObject { ["schedule"] = Sugar("1.00", "2026-03-01 10:00:00", "MONTHLY", int.MaxValue)["schedule"]!.DeepClone() });
            Assert.Equal(400, changed.Status);
            Assert.Empty(await InstancesAsync(payer, account, schedule));
        }

        // A state file holding a recurrence no run can reach (hand-edited, or written before this rule): the first run is
        // made, the next falls past the year 9999, so the schedule is FINISHED and every call goes on being answered.
        string statePath = Path.Combine(_directory, "state.json");
        JsonNode state = JsonNode.Parse(await File.ReadAllTextAsync(statePath))!;
        JsonObject stored = state["ledger"]!["schedules"]!.AsArray().Single(s => s!["id"]!.GetValue<long>() == schedule)!.AsObject();
        stored["size"] = int.MaxValue;
        await File.WriteAllTextAsync(statePath, state.ToJsonString());
        clock.Advance(TimeSpan.FromHours(1));
        await using (BunqEmulator again = await BunqEmulator.StartAsync(options))
        {
            using WireClient payer = await new WireClient(again) { ApiKey = payerKey }.ConnectAsync();
            Assert.Equal(["FINISHED_SUCCESSFULLY"], (await InstancesAsync(payer, account, schedule)).Select(i => i!["state"]!.GetValue<string>()));
            Assert.Equal("FINISHED", (await payer.CallAsync(HttpMethod.Get, $"{account}/schedule/{schedule}")).Item("Schedule")["status"]!.GetValue<string>());
            using WireClient newcomer = await new WireClient(again).ConnectAsync();
            Assert.Equal(200, (await newcomer.CallAsync(HttpMethod.Get, $"user/{newcomer.UserId}/monetary-account")).Status);
        }
    }

    [Fact]
    public async Task A_schedule_payment_is_read_as_ScheduledPayment_and_its_PUT_changes_the_runs_to_come_and_answers_the_whole_object()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = clock, SessionTimeoutSeconds = 90 * 86_400 });
        using WireClient payer = await new WireClient(bunq).ConnectAsync();
        using WireClient other = await new WireClient(bunq).ConnectAsync();
        long from = await ListingTests.MainAccountAsync(payer);
        await ListingTests.TopUpAsync(payer, from, 1, 50m);
        string account = $"user/{payer.UserId}/monetary-account/{from}";
        long schedule = (await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment", Sugar("1.00", "2026-03-01 10:00:00", "DAILY", 1))).Item("Id")["id"]!.GetValue<long>();
        clock.Advance(TimeSpan.FromHours(1)); // the first run, 1.00

        // bunq's SDKs send both fields, the one not changed as null (SchedulePayment.Update(id, payment, schedule))
        WireResponse changed = await payer.CallAsync(HttpMethod.Put, $"{account}/schedule-payment/{schedule}", new JsonObject
        {
            ["payment"] = Sugar("4.00", "2026-03-01 10:00:00", "DAILY", 1)["payment"]!.DeepClone(), ["schedule"] = null,
        });
        clock.Advance(TimeSpan.FromDays(1)); // the second run, 4.00
        WireResponse longer = await payer.CallAsync(HttpMethod.Put, $"{account}/schedule-payment/{schedule}", new JsonObject
        {
            ["schedule"] = Sugar("1.00", "2026-03-01 10:00:00", "WEEKLY", 1)["schedule"]!.DeepClone(),
        });
        clock.Advance(TimeSpan.FromDays(5)); // the 7th: no run (weekly now: the next on the 8th)

        JsonObject answered = changed.EnsureOk().Item("ScheduledPayment");
        Assert.Equal("ACTIVE", answered["status"]!.GetValue<string>()); // bunq's SchedulePaymentRead: payment, schedule, status, purpose (no id)
        Assert.Equal("4.00", answered["payment"]!["amount"]!["value"]!.GetValue<string>());
        Assert.Equal("WEEKLY", longer.EnsureOk().Item("ScheduledPayment")["schedule"]!["recurrence_unit"]!.GetValue<string>());
        Assert.Equal(["-4.00", "-1.00"], (await InstancesAsync(payer, account, schedule)).Select(i => i!["result_object"]!["Payment"]!["amount"]!["value"]!.GetValue<string>()));
        Assert.Equal("45.00", await MoneyModelTests.BalanceAsync(payer, from));
        Assert.Equal("WEEKLY", (await payer.CallAsync(HttpMethod.Get, $"{account}/schedule-payment/{schedule}")).Item("ScheduledPayment")["schedule"]!["recurrence_unit"]!.GetValue<string>());
        Assert.All((await payer.CallAsync(HttpMethod.Get, $"{account}/schedule-payment")).Items, i => Assert.True(i!.AsObject().ContainsKey("ScheduledPayment")));
        Assert.Equal(["CREATE", "UPDATE", "UPDATE"], (await BatchTests.EventsAsync(payer, "ScheduledPayment")).Select(e => e["action"]!.GetValue<string>()));

        // Refused: nothing to change, a bad order, a made-up id, another user's schedule, a cancelled one.
        Assert.Equal(400, (await payer.CallAsync(HttpMethod.Put, $"{account}/schedule-payment/{schedule}", new JsonObject())).Status);
        Assert.Equal(400, (await payer.CallAsync(HttpMethod.Put, $"{account}/schedule-payment/{schedule}", new JsonObject { ["payment"] = Sugar("1.001", "2026-03-01 10:00:00", "DAILY", 1)["payment"]!.DeepClone() })).Status);
        Assert.Equal(404, (await payer.CallAsync(HttpMethod.Put, $"{account}/schedule-payment/987654321", new JsonObject { ["schedule"] = Sugar("1.00", "2026-03-01 10:00:00", "DAILY", 1)["schedule"]!.DeepClone() })).Status);
        long otherAccount = await ListingTests.MainAccountAsync(other);
        Assert.Equal(404, (await other.CallAsync(HttpMethod.Put, $"user/{other.UserId}/monetary-account/{otherAccount}/schedule-payment/{schedule}", new JsonObject { ["payment"] = Sugar("1.00", "2026-03-01 10:00:00", "DAILY", 1)["payment"]!.DeepClone() })).Status);
        (await payer.CallAsync(HttpMethod.Delete, $"{account}/schedule-payment/{schedule}")).EnsureOk();
        Assert.Equal(400, (await payer.CallAsync(HttpMethod.Put, $"{account}/schedule-payment/{schedule}", new JsonObject { ["payment"] = Sugar("1.00", "2026-03-01 10:00:00", "DAILY", 1)["payment"]!.DeepClone() })).Status);

        // Catalogue-answered verbs on collections the emulator models find no object it does not hold.
        long instance = (await InstancesAsync(payer, account, schedule))[0]!["id"]!.GetValue<long>();
        Assert.Equal(404, (await payer.CallAsync(HttpMethod.Put, $"{account}/payment-batch/987654321", new JsonObject())).Status);
        Assert.Equal(404, (await payer.CallAsync(HttpMethod.Put, $"{account}/schedule/{schedule}/schedule-instance/987654321", new JsonObject { ["state"] = "RETRY" })).Status);
        Assert.Equal(200, (await payer.CallAsync(HttpMethod.Put, $"{account}/schedule/{schedule}/schedule-instance/{instance}", new JsonObject { ["state"] = "RETRY" })).Status);
    }

    /// <summary>A schedule-payment body paying the sugar daddy.</summary>
    private static JsonObject Sugar(string amount, string start, string unit, JsonNode? size) => new()
    {
        ["payment"] = new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = amount, ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com", ["name"] = "Sugar Daddy" },
            ["description"] = "scheduled",
        },
        ["schedule"] = new JsonObject { ["time_start"] = start, ["recurrence_unit"] = unit, ["recurrence_size"] = size },
    };

    /// <summary>The schedule's runs, newest first, as bunq's SDKs read them (<c>ScheduledInstance</c>).</summary>
    private static async Task<JsonArray> InstancesAsync(WireClient client, string account, long schedule) =>
        new((await client.CallAsync(HttpMethod.Get, $"{account}/schedule/{schedule}/schedule-instance")).EnsureOk().Items.Select(i => i!["ScheduledInstance"]!.DeepClone()).ToArray());

    private static async Task<string> EmailAsync(WireClient client) =>
        (await client.CallAsync(HttpMethod.Get, $"user-person/{client.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();
}
