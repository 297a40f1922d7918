using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>Scheduled payments run on the emulator's clock (a fake one here) and record each run.</summary>
public sealed class ScheduleTests
{
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
        Assert.Equal("CANCELLED", (await payer.CallAsync(HttpMethod.Get, $"{account}/schedule-payment/{schedule}")).Item("SchedulePayment")["status"]!.GetValue<string>());
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

    /// <summary>The schedule's runs, newest first, as bunq's SDKs read them (<c>ScheduledInstance</c>).</summary>
    private static async Task<JsonArray> InstancesAsync(WireClient client, string account, long schedule) =>
        new((await client.CallAsync(HttpMethod.Get, $"{account}/schedule/{schedule}/schedule-instance")).EnsureOk().Items.Select(i => i!["ScheduledInstance"]!.DeepClone()).ToArray());

    private static async Task<string> EmailAsync(WireClient client) =>
        (await client.CallAsync(HttpMethod.Get, $"user-person/{client.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();
}
