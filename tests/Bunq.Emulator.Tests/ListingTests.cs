using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// bunq's API description: "With every listing, a Pagination object will be added"; count defaults to 10, at most 200;
/// older_id / newer_id page by id. Every listing route the emulator serves is walked.
/// </summary>
public class ListingTests
{
    [Fact]
    public async Task Every_listing_pages_with_count_and_carries_the_three_urls()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await MainAccountAsync(client);
        await TopUpAsync(client, account, 3);
        (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account-bank", new JsonObject { ["currency"] = "EUR", ["description"] = "Second" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account-savings", new JsonObject { ["currency"] = "EUR", ["description"] = "Savings" })).EnsureOk();
        foreach (string tab in new[] { "one", "two" })
        {
            (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/{account}/bunqme-tab", new JsonObject { ["bunqme_tab_entry"] = new JsonObject { ["description"] = tab } })).EnsureOk();
        }

        (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account-savings", new JsonObject { ["currency"] = "EUR", ["description"] = "More savings" })).EnsureOk();
        long credential = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/credential-password-ip")).Items[0]!["CredentialPasswordIp"]!["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/credential-password-ip/{credential}/ip", new JsonObject { ["ip"] = "192.0.2.7" })).EnsureOk();
        long oauthClient = (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/oauth-client", new JsonObject { ["status"] = "ACTIVE" })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/oauth-client/{oauthClient}/callback-url", new JsonObject { ["url"] = "https://app.example/one" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/oauth-client/{oauthClient}/callback-url", new JsonObject { ["url"] = "https://app.example/two" })).EnsureOk();
        using WireClient other = await new WireClient(bunq).ConnectAsync();
        string email = (await client.CallAsync(HttpMethod.Get, $"user-person/{client.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();
        long otherAccount = await MainAccountAsync(other);
        var entry = new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = email, ["name"] = "Me" },
            ["description"] = "listed",
        };
        long schedule = 0;
        for (int i = 0; i < 2; i++)
        {
            (await other.CallAsync(HttpMethod.Post, $"user/{other.UserId}/monetary-account/{otherAccount}/request-inquiry", new JsonObject
            {
                ["amount_inquired"] = entry["amount"]!.DeepClone(), ["counterparty_alias"] = entry["counterparty_alias"]!.DeepClone(), ["description"] = "owed", ["allow_bunqme"] = false,
            })).EnsureOk();
            entry["counterparty_alias"]!["value"] = (await other.CallAsync(HttpMethod.Get, $"user-person/{other.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();
            (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/{account}/draft-payment", new JsonObject
            {
                ["entries"] = new JsonArray(entry.DeepClone()), ["number_of_required_accepts"] = 1,
            })).EnsureOk();
            (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/{account}/payment-batch", new JsonObject { ["payments"] = new JsonArray(entry.DeepClone()) })).EnsureOk();
            entry["counterparty_alias"]!["value"] = email;
            schedule = (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/{account}/schedule-payment", new JsonObject
            {
                ["payment"] = new JsonObject { ["amount"] = entry["amount"]!.DeepClone(), ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com" }, ["description"] = "listed" },
                ["schedule"] = new JsonObject { ["time_start"] = PastTime(), ["recurrence_unit"] = "HOURLY", ["recurrence_size"] = 1, ["time_end"] = PastTime(TimeSpan.FromMinutes(1)) },
            })).Item("Id")["id"]!.GetValue<long>();
        }

        string cardName = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/card-name")).Item("CardUserNameArray")["possible_card_name_array"]![0]!.GetValue<string>();
        for (int i = 0; i < 2; i++)
        {
            long card = (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/card-debit", new JsonObject
            {
                ["second_line"] = "Listed", ["name_on_card"] = cardName, ["type"] = "MAESTRO", ["product_type"] = "MAESTRO_DEBIT",
                ["pin_code_assignment"] = new JsonArray(new JsonObject { ["type"] = "PRIMARY", ["monetary_account_id"] = account }),
            })).Item("Id")["id"]!.GetValue<long>();
            (await client.CallAsync(HttpMethod.Put, $"user/{client.UserId}/card/{card}", new JsonObject { ["status"] = "ACTIVE" })).EnsureOk();
            bunq.SpendWithCard(card, 1m);
        }

        string[] listings =
        [
            "user",
            $"user/{client.UserId}/monetary-account",
            $"user/{client.UserId}/monetary-account-bank",
            $"user/{client.UserId}/monetary-account/{account}/payment",
            $"user/{client.UserId}/monetary-account/{account}/request-inquiry",
            $"user/{client.UserId}/credential-password-ip",
            $"user/{client.UserId}/credential-password-ip/{credential}/ip",
            $"user/{client.UserId}/oauth-client",
            $"user/{client.UserId}/oauth-client/{oauthClient}/callback-url",
            $"user/{client.UserId}/monetary-account/{account}/request-response",
            $"user/{client.UserId}/monetary-account/{account}/draft-payment",
            $"user/{client.UserId}/monetary-account/{account}/payment-batch",
            $"user/{client.UserId}/card-name",
            $"user/{client.UserId}/monetary-account-savings",
            $"user/{client.UserId}/monetary-account/{account}/bunqme-tab",
            $"user/{client.UserId}/monetary-account/{account}/schedule-payment",
            $"user/{client.UserId}/monetary-account/{account}/schedule",
            $"user/{client.UserId}/monetary-account/{account}/schedule/{schedule}/schedule-instance",
            $"user/{client.UserId}/event",
            $"user/{client.UserId}/notification-filter-url",
            $"user/{client.UserId}/monetary-account/{account}/notification-filter-url",
            $"user/{client.UserId}/card",
            $"user/{client.UserId}/monetary-account/{account}/mastercard-action",
        ];
        // + notification-filter-failure, empty here: it lists callbacks that failed six times (tests/Bunq.Callbacks.Tests lists one)
        Assert.Equal(listings.Length + 1, bunq.ModelledRoutes.Count(r => r.StartsWith("GET ", StringComparison.Ordinal) && !r.EndsWith('}') && !r.EndsWith("server-public-key", StringComparison.Ordinal)
            && !FileSchemaTests.IsFileRoute(r))); // paged in Files/FileSchemaTests
        foreach (string listing in listings)
        {
            WireResponse all = (await client.CallAsync(HttpMethod.Get, listing)).EnsureOk();
            WireResponse one = (await client.CallAsync(HttpMethod.Get, listing + "?count=1")).EnsureOk();

            Assert.Single(one.Items);
            Assert.NotNull(all.Pagination);
            Assert.Equal(["future_url", "newer_url", "older_url"], one.Pagination!.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal(400, (await client.CallAsync(HttpMethod.Get, listing + "?count=201")).Status);
            Assert.Equal(400, (await client.CallAsync(HttpMethod.Get, listing + "?count=0")).Status);
            if (all.Items.Count > 1)
            {
                Assert.NotNull(one.Pagination!["older_url"]);
            }
        }
    }

    [Fact]
    public async Task Count_defaults_to_ten_and_the_urls_walk_every_item_once_newest_first()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await MainAccountAsync(client);
        await TopUpAsync(client, account, 12);
        string path = $"user/{client.UserId}/monetary-account/{account}/payment";

        WireResponse first = (await client.CallAsync(HttpMethod.Get, path)).EnsureOk();
        Assert.Equal(10, first.Items.Count);
        Assert.Null(first.Pagination!["newer_url"]);

        List<long> walked = [.. Ids(first)];
        string? older = first.Pagination["older_url"]?.GetValue<string>();
        while (older is not null)
        {
            WireResponse page = (await client.CallAsync(HttpMethod.Get, older["/v1/".Length..])).EnsureOk();
            walked.AddRange(Ids(page));
            older = page.Pagination!["older_url"]?.GetValue<string>();
        }

        WireResponse everything = (await client.CallAsync(HttpMethod.Get, path + "?count=200")).EnsureOk();
        Assert.Equal(12, walked.Count);
        Assert.Equal(Ids(everything), walked);
        Assert.Equal(walked.OrderDescending(), walked);

        // newer_id: the page right after an id, and future_url to poll for what comes next
        WireResponse newer = (await client.CallAsync(HttpMethod.Get, $"{path}?count=3&newer_id={walked[^1]}")).EnsureOk();
        Assert.Equal(walked[^4..^1].ToArray(), Ids(newer).ToArray());
        Assert.NotNull(newer.Pagination!["newer_url"]);
    }

    [Fact]
    public async Task The_monetary_account_routes_bunqs_sdks_call_answer_with_the_account_type()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        using WireClient other = await new WireClient(bunq).ConnectAsync();
        long account = await MainAccountAsync(client);

        JsonObject listed = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account")).Item("MonetaryAccountBank");
        JsonObject read = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account/{account}")).Item("MonetaryAccountBank");

        Assert.Equal(account, listed["id"]!.GetValue<long>());
        Assert.Equal(listed.ToJsonString(), read.ToJsonString());
        Assert.Equal(404, (await other.CallAsync(HttpMethod.Get, $"user/{other.UserId}/monetary-account/{account}")).Status);
        Assert.Equal(404, (await other.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account")).Status);
    }

    /// <summary>A time <paramref name="ago"/> (default two hours) before now, as bunq writes times: a schedule starting then has come due.</summary>
    internal static string PastTime(TimeSpan? ago = null) =>
        (DateTimeOffset.UtcNow - (ago ?? TimeSpan.FromHours(2))).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    internal static async Task<long> MainAccountAsync(WireClient client) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-bank")).Item("MonetaryAccountBank")["id"]!.GetValue<long>();

    internal static async Task TopUpAsync(WireClient client, long account, int times, decimal amount = 10m)
    {
        for (int i = 0; i < times; i++)
        {
            (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/{account}/request-inquiry", new JsonObject
            {
                ["amount_inquired"] = new JsonObject { ["value"] = amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com", ["name"] = "Sugar Daddy" },
                ["description"] = "top up " + i,
                ["allow_bunqme"] = false,
            })).EnsureOk();
        }
    }

    private static IEnumerable<long> Ids(WireResponse response) => response.Items.Select(i => i!["Payment"]!["id"]!.GetValue<long>()).ToList();
}
