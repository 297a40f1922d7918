using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>
/// Cards over TLS: ordered, listed, changed with bunq's status and limit rules, paid with through the test helper
/// (<see cref="BunqEmulator.SpendWithCard"/>) with bunq's card checks, and their MasterCardActions per account.
/// </summary>
public sealed class CardTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private BunqEmulator _bunq = null!;
    private WireClient _owner = null!;
    private WireClient _other = null!;
    private long _account;
    private string _iban = string.Empty;

    public async Task InitializeAsync()
    {
        _bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = _clock, SessionTimeoutSeconds = 90 * 86_400 });
        _owner = await new WireClient(_bunq).ConnectAsync();
        _other = await new WireClient(_bunq).ConnectAsync();
        _account = await ListingTests.MainAccountAsync(_owner);
        _iban = await IbanAsync(_owner, _account);
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        _other.Dispose();
        await _bunq.DisposeAsync();
    }

    [Fact]
    public async Task Ordered_cards_list_and_read_under_CardDebit_and_bad_orders_or_other_users_cards_are_refused()
    {
        long debit = await OrderAsync(_owner, _iban);
        long credit = (await _owner.CallAsync(HttpMethod.Post, $"user/{_owner.UserId}/card-credit", Order(await NameAsync(_owner), _iban, "MASTERCARD", virtualCard: true)))
            .Item("Id")["id"]!.GetValue<long>();

        WireResponse list = await _owner.CallAsync(HttpMethod.Get, $"user/{_owner.UserId}/card");
        Assert.Equal([credit, debit], list.EnsureOk().Items.Select(i => i!["CardDebit"]!["id"]!.GetValue<long>()));
        JsonObject card = (await _owner.CallAsync(HttpMethod.Get, Card(_owner, debit))).Item("CardDebit");
        Assert.Equal("DEACTIVATED", card["status"]!.GetValue<string>()); // "After ordering the card it will be DEACTIVATED"
        Assert.Equal("ACCEPTED_FOR_PRODUCTION", card["order_status"]!.GetValue<string>());
        Assert.Equal("MAESTRO", card["type"]!.GetValue<string>());
        Assert.Equal("1000.00", card["card_limit"]!["value"]!.GetValue<string>());
        Assert.Equal(_iban, card["label_monetary_account_current"]!["iban"]!.GetValue<string>());
        Assert.Equal(_account, card["pin_code_assignment"]![0]!["monetary_account_id"]!.GetValue<long>());
        Assert.Equal("VIRTUAL_DELIVERY", (await _owner.CallAsync(HttpMethod.Get, Card(_owner, credit))).Item("CardDebit")["order_status"]!.GetValue<string>());

        string name = await NameAsync(_owner);
        string otherIban = await IbanAsync(_other, await ListingTests.MainAccountAsync(_other));
        foreach ((string route, JsonObject body) in new[]
        {
            ("card-debit", Order("Not A Card Name", _iban)),
            ("card-debit", Order(name, _iban, secondLine: new string('x', 18))),
            ("card-debit", Order(name, _iban, type: "VISA")),
            ("card-credit", Order(name, _iban, type: "MAESTRO")),
            ("card-debit", Order(name, otherIban)), // another user's account
        })
        {
            WireResponse refused = await _owner.CallAsync(HttpMethod.Post, $"user/{_owner.UserId}/{route}", body);
            Assert.True(refused.Status == 400, $"{route} {body.ToJsonString()}: {refused.Status} {refused.Error}");
        }

        Assert.Equal(2, (await _owner.CallAsync(HttpMethod.Get, $"user/{_owner.UserId}/card")).Items.Count); // nothing ordered by a refusal
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Get, Card(_owner, 999_999))).Status);
        Assert.Equal(404, (await _other.CallAsync(HttpMethod.Get, Card(_other, debit))).Status); // another user's card
        Assert.Equal(404, (await _other.CallAsync(HttpMethod.Put, Card(_other, debit), new JsonObject { ["status"] = "CANCELLED" })).Status);
        Assert.Equal(404, (await _other.CallAsync(HttpMethod.Get, $"user/{_owner.UserId}/card/{debit}")).Status); // another user's route
        Assert.Empty((await _other.CallAsync(HttpMethod.Get, $"user/{_other.UserId}/card")).EnsureOk().Items);
    }

    [Fact]
    public async Task Status_changes_follow_bunqs_rules_and_lost_stolen_or_cancelled_are_permanent()
    {
        long card = await OrderAsync(_owner, _iban);
        Assert.Equal(400, (await SetStatusAsync(card, "DEACTIVATED")).Status); // only after the first activation
        JsonObject active = (await SetStatusAsync(card, "ACTIVE")).Item("CardDebit"); // the PUT answers the whole card
        Assert.Equal(("ACTIVE", "DELIVERED_TO_CUSTOMER"), (active["status"]!.GetValue<string>(), active["order_status"]!.GetValue<string>()));
        (await SetStatusAsync(card, "DEACTIVATED")).EnsureOk();
        (await SetStatusAsync(card, "ACTIVE")).EnsureOk();
        Assert.Equal(400, (await SetStatusAsync(card, "FROZEN")).Status); // not one bunq's API sets
        (await SetStatusAsync(card, "LOST")).EnsureOk();
        foreach (string status in new[] { "ACTIVE", "DEACTIVATED", "CANCELLED" })
        {
            WireResponse refused = await SetStatusAsync(card, status);
            Assert.Equal(400, refused.Status);
            Assert.Contains("permanent", refused.Error, StringComparison.Ordinal);
        }

        Assert.Equal("LOST", (await _owner.CallAsync(HttpMethod.Get, Card(_owner, card))).Item("CardDebit")["status"]!.GetValue<string>());
        long stolen = await OrderAsync(_owner, _iban);
        (await SetStatusAsync(stolen, "STOLEN")).EnsureOk(); // produced, so it can be reported before activation
        Assert.Equal(400, (await SetStatusAsync(stolen, "ACTIVE")).Status);
    }

    [Fact]
    public async Task Limit_updates_stay_within_bunqs_bounds_and_a_refused_update_changes_nothing()
    {
        long card = await OrderAsync(_owner, _iban);
        foreach ((string field, string value, string currency) in new[]
        {
            ("card_limit", "50000.01", "EUR"), ("card_limit", "100.00", "USD"), ("card_limit", "-1.00", "EUR"), ("card_limit", "1.001", "EUR"),
            ("card_limit_atm", "1000.01", "EUR"),
        })
        {
            WireResponse refused = await _owner.CallAsync(HttpMethod.Put, Card(_owner, card), new JsonObject
            {
                ["status"] = "ACTIVE", [field] = new JsonObject { ["value"] = value, ["currency"] = currency },
            });
            Assert.True(refused.Status == 400, $"{field} {value} {currency}: {refused.Status}");
        }

        JsonObject unchanged = (await _owner.CallAsync(HttpMethod.Get, Card(_owner, card))).Item("CardDebit");
        Assert.Equal(("DEACTIVATED", "1000.00"), (unchanged["status"]!.GetValue<string>(), unchanged["card_limit"]!["value"]!.GetValue<string>()));

        long savings = await NewAccountAsync(_owner);
        JsonObject set = (await _owner.CallAsync(HttpMethod.Put, Card(_owner, card), new JsonObject
        {
            ["card_limit"] = new JsonObject { ["value"] = "50000.00", ["currency"] = "EUR" },
            ["card_limit_atm"] = new JsonObject { ["value"] = "200.00", ["currency"] = "EUR" },
            ["monetary_account_id_fallback"] = savings,
        })).Item("CardDebit");
        Assert.Equal(("50000.00", "200.00"), (set["card_limit"]!["value"]!.GetValue<string>(), set["card_limit_atm"]!["value"]!.GetValue<string>()));
        Assert.Equal(savings, set["monetary_account_id_fallback"]!.GetValue<long>());
        // "Fallback account is removed if not supplied."
        Assert.Null((await SetStatusAsync(card, "ACTIVE")).Item("CardDebit")["monetary_account_id_fallback"]);
    }

    [Fact]
    public async Task A_card_payment_is_a_MASTERCARD_payment_with_its_action_event_and_callbacks()
    {
        string user = $"user/{_owner.UserId}";
        (await _owner.CallAsync(HttpMethod.Post, $"{user}/notification-filter-url", new JsonObject
        {
            ["notification_filters"] = new JsonArray(
                new JsonObject { ["category"] = "CARD_TRANSACTION_SUCCESSFUL", ["notification_target"] = "https://app.example/card" },
                new JsonObject { ["category"] = "MUTATION", ["notification_target"] = "https://app.example/card" }),
        })).EnsureOk();
        await ListingTests.TopUpAsync(_owner, _account, 2); // 20.00
        long card = await OrderAsync(_owner, _iban);
        (await SetStatusAsync(card, "ACTIVE")).EnsureOk();

        EmulatorCardTransaction paid = _bunq.SpendWithCard(card, 7.50m, "Coffee Corner");

        Assert.True(paid.Allowed);
        Assert.Equal("12.50", (await _owner.CallAsync(HttpMethod.Get, $"{user}/monetary-account-bank/{_account}")).Item("MonetaryAccountBank")["balance"]!["value"]!.GetValue<string>());
        JsonObject payment = (await _owner.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{_account}/payment/{paid.PaymentId}")).Item("Payment");
        Assert.Equal(("MASTERCARD", "-7.50", "Coffee Corner"), (payment["type"]!.GetValue<string>(), payment["amount"]!["value"]!.GetValue<string>(), payment["counterparty_alias"]!["display_name"]!.GetValue<string>()));
        JsonObject action = (await _owner.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{_account}/mastercard-action/{paid.MasterCardActionId}")).Item("MasterCardAction");
        Assert.Equal(("ALLOWED", card, "7.50"), (action["decision"]!.GetValue<string>(), action["card_id"]!.GetValue<long>(), action["amount_billing"]!["value"]!.GetValue<string>()));
        Assert.Equal(paid.MasterCardActionId, (await _owner.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{_account}/mastercard-action")).Item("MasterCardAction")["id"]!.GetValue<long>());
        JsonArray events = (await _owner.CallAsync(HttpMethod.Get, $"{user}/event")).Items;
        Assert.Contains(events, e => e!["Event"]!["object"]!["MasterCardAction"]?["id"]?.GetValue<long>() == paid.MasterCardActionId);
        EmulatorCallback callback = Assert.Single(_bunq.Callbacks.Sent, c => c.Category == "CARD_TRANSACTION_SUCCESSFUL");
        Assert.Equal(("MasterCardAction", paid.MasterCardActionId), (callback.ObjectName, callback.ObjectId));
        Assert.Contains(_bunq.Callbacks.Sent, c => c.Category == "MUTATION" && c.ObjectName == "Payment" && c.ObjectId == paid.PaymentId);

        // Ownership per account: another user's account, or another account of the owner, shows none of it.
        long other = await ListingTests.MainAccountAsync(_other);
        Assert.Equal(404, (await _other.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{_account}/mastercard-action")).Status);
        Assert.Equal(404, (await _other.CallAsync(HttpMethod.Get, $"user/{_other.UserId}/monetary-account/{other}/mastercard-action/{paid.MasterCardActionId}")).Status);
        long second = await NewAccountAsync(_owner);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{second}/mastercard-action/{paid.MasterCardActionId}")).Status);
        Assert.Throws<ArgumentException>(() => _bunq.SpendWithCard(999_999, 1m));
        Assert.Throws<ArgumentException>(() => _bunq.SpendWithCard(card, 0.001m));
    }

    [Fact]
    public async Task Each_decline_reason_is_recorded_with_a_failed_callback_and_moves_no_money()
    {
        string user = $"user/{_owner.UserId}";
        (await _owner.CallAsync(HttpMethod.Post, $"{user}/notification-filter-url", new JsonObject
        {
            ["notification_filters"] = new JsonArray(new JsonObject { ["category"] = "CARD_TRANSACTION_FAILED", ["notification_target"] = "https://app.example/failed" }),
        })).EnsureOk();
        await ListingTests.TopUpAsync(_owner, _account, 1, 300m);
        long card = await OrderAsync(_owner, _iban);

        Assert.Equal("CARD_NOT_ACTIVE", _bunq.SpendWithCard(card, 1m).Decision);
        (await _owner.CallAsync(HttpMethod.Put, Card(_owner, card), new JsonObject
        {
            ["status"] = "ACTIVE",
            ["card_limit"] = new JsonObject { ["value"] = "10.00", ["currency"] = "EUR" },
            ["country_permission"] = new JsonArray(new JsonObject { ["country"] = "DE" }),
        })).EnsureOk();
        Assert.True(_bunq.SpendWithCard(card, 8m, country: "DE").Allowed);
        Assert.Equal("CARD_LIMIT_EXCEEDED", _bunq.SpendWithCard(card, 3m).Decision); // 8 + 3 > 10 within 24 hours
        Assert.Equal("COUNTRY_NOT_PERMITTED", _bunq.SpendWithCard(card, 1m, country: "FR").Decision);
        Assert.Equal("CURRENCY_NOT_SUPPORTED", _bunq.SpendWithCard(card, 1m, currency: "USD").Decision);
        Assert.Equal("ATM_LIMIT_EXCEEDED", _bunq.SpendWithCard(card, 260m, atm: true).Decision); // €250 per person for a new account
        _clock.Advance(TimeSpan.FromHours(24.5));
        Assert.True(_bunq.SpendWithCard(card, 3m).Allowed); // the window moved on
        Assert.Equal("INSUFFICIENT_BALANCE", (await PutLimitAsync(card, "5000.00")).SpendWithCard(card, 1000m).Decision);

        // The fallback account pays what the card's account cannot cover.
        long savings = await NewAccountAsync(_owner);
        await ListingTests.TopUpAsync(_owner, savings, 1, 500m);
        (await _owner.CallAsync(HttpMethod.Put, Card(_owner, card), new JsonObject { ["monetary_account_id_fallback"] = savings })).EnsureOk();
        EmulatorCardTransaction fallback = _bunq.SpendWithCard(card, 400m);
        Assert.True(fallback.Allowed);
        JsonObject action = (await _owner.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{savings}/mastercard-action/{fallback.MasterCardActionId}")).Item("MasterCardAction");
        Assert.Equal(savings, action["monetary_account_id"]!.GetValue<long>());

        string[] declined = ["CARD_NOT_ACTIVE", "CARD_LIMIT_EXCEEDED", "COUNTRY_NOT_PERMITTED", "CURRENCY_NOT_SUPPORTED", "ATM_LIMIT_EXCEEDED", "INSUFFICIENT_BALANCE"];
        JsonArray listed = (await _owner.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{_account}/mastercard-action?count=50")).Items;
        Assert.Equal(declined.Order(), listed.Select(i => i!["MasterCardAction"]!["decision"]!.GetValue<string>()).Where(d => d != "ALLOWED").Order());
        Assert.All(listed.Where(i => i!["MasterCardAction"]!["decision"]!.GetValue<string>() != "ALLOWED"), i => Assert.NotEmpty(i!["MasterCardAction"]!["decision_description"]!.GetValue<string>()));
        Assert.Equal(declined.Length, _bunq.Callbacks.Sent.Count(c => c.Category == "CARD_TRANSACTION_FAILED"));
        // 300 topped up, 8 + 3 paid from the card's account; the 400 came from the fallback (500 - 400).
        Assert.Equal("289.00", await BalanceAsync(_account));
        Assert.Equal("100.00", await BalanceAsync(savings));
    }

    [Fact]
    public async Task Cards_and_card_payments_survive_a_restart_with_a_data_dir()
    {
        string directory = Directory.CreateTempSubdirectory("bunq-emulator-cards-").FullName;
        try
        {
            var options = new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = directory };
            string key;
            long card, account;
            EmulatorCardTransaction paid;
            await using (BunqEmulator bunq = await BunqEmulator.StartAsync(options))
            {
                using WireClient client = await new WireClient(bunq).ConnectAsync();
                key = client.ApiKey!;
                account = await ListingTests.MainAccountAsync(client);
                await ListingTests.TopUpAsync(client, account, 1);
                card = await OrderAsync(client, await IbanAsync(client, account));
                (await client.CallAsync(HttpMethod.Put, Card(client, card), new JsonObject
                {
                    ["status"] = "ACTIVE", ["card_limit"] = new JsonObject { ["value"] = "20.00", ["currency"] = "EUR" },
                })).EnsureOk();
                paid = bunq.SpendWithCard(card, 4.20m, "Kept Shop");
            }

            await using (BunqEmulator bunq = await BunqEmulator.StartAsync(options))
            {
                using WireClient client = await new WireClient(bunq) { ApiKey = key }.ConnectAsync();
                JsonObject kept = (await client.CallAsync(HttpMethod.Get, Card(client, card))).Item("CardDebit");
                Assert.Equal(("ACTIVE", "20.00"), (kept["status"]!.GetValue<string>(), kept["card_limit"]!["value"]!.GetValue<string>()));
                string mine = $"user/{client.UserId}/monetary-account/{account}";
                Assert.Equal("Kept Shop", (await client.CallAsync(HttpMethod.Get, $"{mine}/mastercard-action/{paid.MasterCardActionId}")).Item("MasterCardAction")["description"]!.GetValue<string>());
                Assert.Equal("MASTERCARD", (await client.CallAsync(HttpMethod.Get, $"{mine}/payment/{paid.PaymentId}")).Item("Payment")["type"]!.GetValue<string>());
                Assert.Equal("CARD_LIMIT_EXCEEDED", bunq.SpendWithCard(card, 16m).Decision); // the spent 4.20 still counts
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<BunqEmulator> PutLimitAsync(long card, string value)
    {
        (await _owner.CallAsync(HttpMethod.Put, Card(_owner, card), new JsonObject { ["card_limit"] = new JsonObject { ["value"] = value, ["currency"] = "EUR" } })).EnsureOk();
        return _bunq;
    }

    private Task<WireResponse> SetStatusAsync(long card, string status) =>
        _owner.CallAsync(HttpMethod.Put, Card(_owner, card), new JsonObject { ["status"] = status });

    private async Task<string> BalanceAsync(long account) =>
        (await _owner.CallAsync(HttpMethod.Get, $"user/{_owner.UserId}/monetary-account/{account}")).Items[0]!.AsObject().First().Value!["balance"]!["value"]!.GetValue<string>();

    private static string Card(WireClient client, long card) => $"user/{client.UserId}/card/{card}";

    private static async Task<long> OrderAsync(WireClient client, string iban) =>
        (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/card-debit", Order(await NameAsync(client), iban))).Item("Id")["id"]!.GetValue<long>();

    private static JsonObject Order(string name, string iban, string type = "MAESTRO", string secondLine = "Groceries", bool virtualCard = false)
    {
        var order = new JsonObject
        {
            ["second_line"] = secondLine,
            ["name_on_card"] = name,
            ["type"] = type,
            ["product_type"] = type == "MAESTRO" ? "MAESTRO_DEBIT" : "MASTERCARD_DEBIT",
            ["alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = name },
        };
        if (virtualCard)
        {
            order["order_status"] = "VIRTUAL_DELIVERY";
        }

        return order;
    }

    private static async Task<string> NameAsync(WireClient client) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/card-name")).Item("CardUserNameArray")["possible_card_name_array"]![0]!.GetValue<string>();

    internal static async Task<string> IbanAsync(WireClient client, long account) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-bank/{account}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();

    internal static async Task<long> NewAccountAsync(WireClient client, string description = "Second") =>
        (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account-bank", new JsonObject { ["currency"] = "EUR", ["description"] = description }))
            .Item("Id")["id"]!.GetValue<long>();
}
