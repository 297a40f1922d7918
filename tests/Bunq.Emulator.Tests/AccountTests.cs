using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>Savings accounts beside the bank account, money between one's own accounts, and closing an account.</summary>
public sealed class AccountTests
{
    [Fact]
    public async Task A_savings_account_is_its_own_type_and_takes_money_from_the_owners_bank_account()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        string user = $"user/{client.UserId}";
        long main = await ListingTests.MainAccountAsync(client);
        await ListingTests.TopUpAsync(client, main, 1, 40m);
        long savings = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account-savings", new JsonObject
        {
            ["currency"] = "EUR", ["description"] = "Holiday", ["savings_goal"] = new JsonObject { ["value"] = "100.00", ["currency"] = "EUR" },
        })).Item("Id")["id"]!.GetValue<long>();
        JsonObject created = (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account-savings/{savings}")).Item("MonetaryAccountSavings");

        (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{main}/payment", new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "25.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = created["alias"]![0]!["value"]!.GetValue<string>(), ["name"] = "Holiday" },
            ["description"] = "to savings",
        })).EnsureOk();

        JsonObject saved = (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{savings}")).Item("MonetaryAccountSavings");
        Assert.Equal("25.00", saved["balance"]!["value"]!.GetValue<string>());
        Assert.Equal(25, saved["savings_goal_progress"]!.GetValue<int>());
        Assert.Equal("15.00", await MoneyModelTests.BalanceAsync(client, main));
        Assert.Equal(404, (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account-bank/{savings}")).Status);
        Assert.Equal([main], (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account-bank")).Items.Select(i => i!["MonetaryAccountBank"]!["id"]!.GetValue<long>()));
        Assert.Equal(2, (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account")).Items.Count);
    }

    [Fact]
    public async Task An_account_closes_only_when_empty_and_then_neither_pays_nor_receives()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        string user = $"user/{client.UserId}";
        long main = await ListingTests.MainAccountAsync(client);
        long second = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account-bank", new JsonObject { ["currency"] = "EUR", ["description"] = "Second" })).Item("Id")["id"]!.GetValue<long>();
        string secondIban = (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account-bank/{second}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
        await ListingTests.TopUpAsync(client, second, 1, 5m);
        var close = new JsonObject { ["status"] = "CANCELLED", ["sub_status"] = "REDEMPTION_VOLUNTARY", ["reason"] = "OTHER", ["reason_description"] = "done" };

        WireResponse notEmpty = await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-bank/{second}", close);
        WireResponse mixed = await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-bank/{second}", new JsonObject
        {
            ["status"] = "CANCELLED", ["sub_status"] = "REDEMPTION_VOLUNTARY", ["reason"] = "OTHER", ["description"] = "renamed too",
        });
        (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{second}/payment", new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "5.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com", ["name"] = "Sugar Daddy" },
            ["description"] = "empty it",
        })).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-bank/{second}", close)).EnsureOk();
        await ListingTests.TopUpAsync(client, main, 1, 5m);
        WireResponse toClosed = await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{main}/payment", new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = secondIban, ["name"] = "Second" },
            ["description"] = "too late",
        });
        WireResponse fromClosed = await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{second}/request-inquiry", new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com" },
            ["description"] = "top up a closed account",
            ["allow_bunqme"] = false,
        });

        Assert.Contains("move it out before closing", notEmpty.Error, StringComparison.Ordinal);
        Assert.Contains("no other field", mixed.Error, StringComparison.Ordinal);
        JsonObject closed = (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account-bank/{second}")).Item("MonetaryAccountBank");
        Assert.Equal(("CANCELLED", "REDEMPTION_VOLUNTARY", "done"), (closed["status"]!.GetValue<string>(), closed["sub_status"]!.GetValue<string>(), closed["reason_description"]!.GetValue<string>()));
        Assert.Contains("counterparty account is closed", toClosed.Error, StringComparison.Ordinal);
        Assert.Contains("closed", fromClosed.Error, StringComparison.Ordinal);
        Assert.Equal("5.00", await MoneyModelTests.BalanceAsync(client, main));
        Assert.Equal("0.00", await MoneyModelTests.BalanceAsync(client, second));
    }

    [Fact]
    public async Task Money_ordered_before_an_account_closed_does_not_land_in_it_when_a_schedule_runs_a_draft_is_accepted_or_a_request_is_paid()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = clock, SessionTimeoutSeconds = 90 * 86_400 });
        using WireClient payer = await new WireClient(bunq).ConnectAsync();
        using WireClient payee = await new WireClient(bunq).ConnectAsync();
        long from = await ListingTests.MainAccountAsync(payer);
        await ListingTests.TopUpAsync(payer, from, 1, 30m);
        string account = $"user/{payer.UserId}/monetary-account/{from}";
        string payeeUser = $"user/{payee.UserId}";
        long closing = await CardTests.NewAccountAsync(payee, "Closing");
        string closingIban = await CardTests.IbanAsync(payee, closing);
        JsonObject Order(string description) => new()
        {
            ["amount"] = new JsonObject { ["value"] = "5.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = closingIban, ["name"] = "Payee" },
            ["description"] = description,
        };

        // Ordered while the payee's account is open: a daily schedule from 10:00, a draft, and a request from that account.
        long schedule = (await payer.CallAsync(HttpMethod.Post, $"{account}/schedule-payment", new JsonObject
        {
            ["payment"] = Order("rent"),
            ["schedule"] = new JsonObject { ["time_start"] = "2026-03-01 10:00:00", ["recurrence_unit"] = "DAILY", ["recurrence_size"] = 1 },
        })).Item("Id")["id"]!.GetValue<long>();
        long draft = (await payer.CallAsync(HttpMethod.Post, $"{account}/draft-payment", new JsonObject { ["entries"] = new JsonArray(Order("draft")), ["number_of_required_accepts"] = 1 }))
            .Item("Id")["id"]!.GetValue<long>();
        (await payee.CallAsync(HttpMethod.Post, $"{payeeUser}/monetary-account/{closing}/request-inquiry", new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "5.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = await BatchTests.EmailAsync(payer) },
            ["description"] = "lunch",
            ["allow_bunqme"] = false,
        })).EnsureOk();
        long response = (await payer.CallAsync(HttpMethod.Get, $"{account}/request-response")).Item("RequestResponse")["id"]!.GetValue<long>();
        (await payee.CallAsync(HttpMethod.Put, $"{payeeUser}/monetary-account-bank/{closing}", new JsonObject
        {
            ["status"] = "CANCELLED", ["sub_status"] = "REDEMPTION_VOLUNTARY", ["reason"] = "OTHER", ["reason_description"] = "done",
        })).EnsureOk();

        clock.Advance(TimeSpan.FromHours(1)); // the schedule's first run: the payee's account is closed now
        JsonObject run = (await payer.CallAsync(HttpMethod.Get, $"{account}/schedule/{schedule}/schedule-instance")).Item("ScheduledInstance");
        InvalidOperationException accepted = Assert.Throws<InvalidOperationException>(() => bunq.AnswerDraftPayment(draft, accept: true));
        WireResponse paid = await payer.CallAsync(HttpMethod.Put, $"{account}/request-response/{response}", new JsonObject { ["status"] = "ACCEPTED" });

        Assert.Equal("FAILED_USER_ERROR", run["state"]!.GetValue<string>());
        Assert.Contains("closed", run["error_message"]![0]!["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("closed", accepted.Message, StringComparison.Ordinal);
        Assert.Equal("PENDING", (await payer.CallAsync(HttpMethod.Get, $"{account}/draft-payment/{draft}")).Item("DraftPayment")["status"]!.GetValue<string>());
        Assert.Equal(400, paid.Status);
        Assert.Contains("closed", paid.Error, StringComparison.Ordinal);
        Assert.Equal("PENDING", (await payer.CallAsync(HttpMethod.Get, $"{account}/request-response/{response}")).Item("RequestResponse")["status"]!.GetValue<string>());
        Assert.Equal("30.00", await MoneyModelTests.BalanceAsync(payer, from));
        Assert.Equal("0.00", await MoneyModelTests.BalanceAsync(payee, closing));
    }
}
