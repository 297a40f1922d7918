using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>Every object every stateful route returns has every field of bunq's schema, of the right JSON type.</summary>
public class SchemaTests
{
    [Bunq.Testing.OpenApiFact]
    public async Task Every_answer_of_every_route_matches_bunqs_published_schema()
    {
        OpenApiSchema schema = OpenApiSchema.Load();
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient payer = await new WireClient(bunq).ConnectAsync();
        using WireClient payee = await new WireClient(bunq).ConnectAsync();
        using WireClient oauth = await new WireClient(bunq) { ApiKey = bunq.CreateOAuthAccessToken(payee.ApiKey!) }.ConnectAsync();
        using WireClient provider = await Psd2WireTests.ConnectProviderAsync(bunq);
        (await provider.CallAsync(HttpMethod.Get, $"user-payment-service-provider/{provider.UserId}")).EnsureOk();
        await DriveEveryRouteAsync(payer, payee);
        (await oauth.CallAsync(HttpMethod.Get, "user")).EnsureOk();
        (await oauth.CallAsync(HttpMethod.Get, $"user/{oauth.UserId}")).EnsureOk();

        var problems = new List<string>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach ((HttpMethod method, string path, WireResponse response) in payer.History.Concat(payee.History).Concat(oauth.History).Concat(provider.History).Where(h => h.Response.Status == 200))
        {
            string template = schema.TemplateOf(method.Method, path) ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in bunq's API");
            covered.Add(method.Method + " /v1" + template);
            // Where bunq answers otherwise than its description (sandbox-user-person's ApiKey, the PSD2 credential, the whole
            // RequestResponse, a permitted IP's id, …) data/bunq-facts.txt says so, with its source; the check follows it.
            IEnumerable<string> found = schema.Check(method.Method, template, response.Body!);
            // bunq's description has a URL filter's items be NotificationFilterUrl again (itself); they are NotificationFilter
            // objects (category, notification_target, notification_delivery_method), as bunq's docs and SDKs send them.
            problems.AddRange(template.EndsWith("/notification-filter-url", StringComparison.Ordinal)
                ? found.Where(p => !p.Contains(".notification_filters[", StringComparison.Ordinal))
                : found);
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems.Distinct().Take(60)));
        Assert.Empty(bunq.ModelledRoutes.Where(r => !FileSchemaTests.IsFileRoute(r)).Select(r => NormalizeRoute(r)).Except(covered.Select(NormalizeRoute))); // files: Files/FileSchemaTests
    }

    [Bunq.Testing.OpenApiFact]
    public void The_check_catches_a_thin_object_a_wrong_type_and_an_invented_field()
    {
        OpenApiSchema schema = OpenApiSchema.Load();
        JsonNode thin = JsonNode.Parse("""{"Response":[{"MonetaryAccountBank":{"id":"1","balance":{"value":1,"currency":"EUR"},"colour":"red"}}]}""")!;

        List<string> problems = schema.Check("GET", "/user/{userID}/monetary-account-bank/{itemId}", thin).ToList();

        Assert.Contains(problems, p => p.EndsWith(".id: String where the schema has integer", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith(".balance.value: Number where the schema has string", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith(".public_uuid: missing (MonetaryAccountBankRead)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith(".colour: not in bunq's schema MonetaryAccountBankRead", StringComparison.Ordinal));
    }

    /// <summary>One call of each route the emulator models, with data in place so no answer is empty.</summary>
    private static async Task DriveEveryRouteAsync(WireClient client, WireClient payee)
    {
        string user = $"user/{client.UserId}";
        long installation = client.History.First(h => h.Path == "/installation").Response.Item("Id")["id"]!.GetValue<long>();
        (await client.SendAsync(HttpMethod.Get, $"installation/{installation}/server-public-key", token: client.InstallationToken)).EnsureOk();
        long account = await ListingTests.MainAccountAsync(client);
        long payeeAccount = await ListingTests.MainAccountAsync(payee);
        string payeeIban = (await payee.CallAsync(HttpMethod.Get, $"user/{payee.UserId}/monetary-account/{payeeAccount}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
        await ListingTests.TopUpAsync(client, account, 1, 50m);
        long inquiry = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/request-inquiry", new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "5.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = payeeIban, ["name"] = "Payee" },
            ["description"] = "pending request",
            ["allow_bunqme"] = false, // required by bunq (its SDKs' create takes it as a positional argument)
        })).Item("Id")["id"]!.GetValue<long>();
        long payment = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/payment", new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "12.50", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = payeeIban, ["name"] = "Payee" },
            ["description"] = "schema check",
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account-bank", new JsonObject { ["currency"] = "EUR", ["description"] = "Second" })).EnsureOk();
        long savings = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account-savings", new JsonObject
        {
            ["currency"] = "EUR", ["description"] = "Savings", ["savings_goal"] = new JsonObject { ["value"] = "500.00", ["currency"] = "EUR" },
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-savings/{savings}", new JsonObject { ["description"] = "Rainy day" })).EnsureOk();
        long credential = (await client.CallAsync(HttpMethod.Get, $"{user}/credential-password-ip")).Item("CredentialPasswordIp")["id"]!.GetValue<long>();
        long ip = (await client.CallAsync(HttpMethod.Post, $"{user}/credential-password-ip/{credential}/ip", new JsonObject { ["ip"] = "192.0.2.9" })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Put, $"user-person/{client.UserId}", new JsonObject { ["session_timeout"] = 3600 })).EnsureOk();
        long oauthClient = (await client.CallAsync(HttpMethod.Post, $"{user}/oauth-client", new JsonObject { ["status"] = "ACTIVE" })).Item("Id")["id"]!.GetValue<long>();
        long callback = (await client.CallAsync(HttpMethod.Post, $"{user}/oauth-client/{oauthClient}/callback-url", new JsonObject { ["url"] = "https://app.example/cb" })).Item("Id")["id"]!.GetValue<long>();
        var entry = new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = payeeIban, ["name"] = "Payee" },
            ["description"] = "entry",
        };
        long draft = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/draft-payment", new JsonObject
        {
            ["entries"] = new JsonArray(entry.DeepClone()), ["number_of_required_accepts"] = 1,
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account/{account}/draft-payment/{draft}", new JsonObject { ["entries"] = new JsonArray(entry.DeepClone(), entry.DeepClone()) })).EnsureOk();
        client.Emulator.AnswerDraftPayment(draft, accept: true);
        long batch = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/payment-batch", new JsonObject
        {
            ["payments"] = new JsonArray(entry.DeepClone(), entry.DeepClone()),
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/request-inquiry", new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "2.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = payeeIban, ["name"] = "Payee" },
            ["description"] = "accepted request",
            ["allow_bunqme"] = false,
        })).EnsureOk();
        long schedule = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/schedule-payment", new JsonObject
        {
            ["payment"] = entry.DeepClone(),
            ["schedule"] = new JsonObject { ["time_start"] = ListingTests.PastTime(), ["recurrence_unit"] = "ONCE", ["recurrence_size"] = 1 },
        })).Item("Id")["id"]!.GetValue<long>();
        string schedules = $"{user}/monetary-account/{account}/schedule";
        long instance = (await client.CallAsync(HttpMethod.Get, $"{schedules}/{schedule}/schedule-instance")).Item("ScheduledInstance")["id"]!.GetValue<long>();
        long tab = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/bunqme-tab", new JsonObject
        {
            ["bunqme_tab_entry"] = new JsonObject { ["amount_inquired"] = new JsonObject { ["value"] = "3.00", ["currency"] = "EUR" }, ["description"] = "tab" },
        })).Item("Id")["id"]!.GetValue<long>();
        client.Emulator.PayBunqMeTab(tab);
        string cardName = (await client.CallAsync(HttpMethod.Get, $"{user}/card-name")).Item("CardUserNameArray")["possible_card_name_array"]![0]!.GetValue<string>();
        string iban = (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{account}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
        long card = 0;
        foreach (string kind in new[] { "card-credit", "card-debit" })
        {
            card = (await client.CallAsync(HttpMethod.Post, $"{user}/{kind}", new JsonObject
            {
                ["second_line"] = "Schema", ["name_on_card"] = cardName, ["type"] = "MASTERCARD", ["product_type"] = "MASTERCARD_DEBIT",
                ["alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = cardName },
            })).Item("Id")["id"]!.GetValue<long>();
        }

        (await client.CallAsync(HttpMethod.Put, $"{user}/card/{card}", new JsonObject
        {
            ["status"] = "ACTIVE", ["card_limit"] = new JsonObject { ["value"] = "100.00", ["currency"] = "EUR" },
            ["country_permission"] = new JsonArray(new JsonObject { ["country"] = "DE" }),
        })).EnsureOk();
        long cardAction = client.Emulator.SpendWithCard(card, 2.50m, "Schema Shop").MasterCardActionId;
        client.Emulator.SpendWithCard(card, 1m, currency: "USD"); // a declined one is listed too
        string responses = $"user/{payee.UserId}/monetary-account/{payeeAccount}/request-response";
        long response = (await payee.CallAsync(HttpMethod.Get, responses)).Item("RequestResponse")["id"]!.GetValue<long>();
        (await payee.CallAsync(HttpMethod.Put, $"{responses}/{response}", new JsonObject { ["status"] = "ACCEPTED" })).EnsureOk();

        // Batches of requests and of scheduled payments, and a joint account the payee co-owns.
        string payeeEmail = (await payee.CallAsync(HttpMethod.Get, $"user-person/{payee.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();
        string requestBatches = $"{user}/monetary-account/{account}/request-inquiry-batch";
        long requestBatch = (await client.CallAsync(HttpMethod.Post, requestBatches, new JsonObject
        {
            ["request_inquiries"] = new JsonArray(new JsonObject
            {
                ["amount_inquired"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = payeeEmail, ["name"] = "Payee" },
                ["description"] = "batch request",
                ["allow_bunqme"] = false,
            }),
            ["total_amount_inquired"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
        })).Item("Id")["id"]!.GetValue<long>();
        string scheduleBatches = $"{user}/monetary-account/{account}/schedule-payment-batch";
        long scheduleBatch = (await client.CallAsync(HttpMethod.Post, scheduleBatches, new JsonObject
        {
            ["payments"] = new JsonArray(entry.DeepClone(), entry.DeepClone()),
            ["schedule"] = new JsonObject { ["time_start"] = ListingTests.PastTime(), ["recurrence_unit"] = "DAILY", ["recurrence_size"] = 1 },
        })).Item("Id")["id"]!.GetValue<long>();
        long batchInstance = (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{account}/schedule/{scheduleBatch}/schedule-instance")).Item("ScheduledInstance")["id"]!.GetValue<long>();
        long joint = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account-joint", new JsonObject
        {
            ["currency"] = "EUR",
            ["all_co_owner"] = new JsonArray(new JsonObject { ["alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = payeeEmail, ["name"] = "Payee" } }),
        })).Item("Id")["id"]!.GetValue<long>();
        client.Emulator.AnswerCoOwnerInvite(joint, payee.UserId, accept: true);
        foreach (string path in new[]
        {
            requestBatches, $"{requestBatches}/{requestBatch}", $"{scheduleBatches}/{scheduleBatch}",
            $"{user}/monetary-account/{account}/schedule/{scheduleBatch}/schedule-instance/{batchInstance}",
            $"{user}/monetary-account-joint", $"{user}/monetary-account-joint/{joint}", $"{user}/monetary-account/{joint}",
        })
        {
            (await client.CallAsync(HttpMethod.Get, path)).EnsureOk();
        }

        (await payee.CallAsync(HttpMethod.Get, $"user/{payee.UserId}/monetary-account-joint/{joint}")).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-joint/{joint}", new JsonObject { ["description"] = "Shared" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{scheduleBatches}/{scheduleBatch}", new JsonObject { ["payments"] = new JsonArray(entry.DeepClone()) })).EnsureOk();
        (await client.CallAsync(HttpMethod.Delete, $"{scheduleBatches}/{scheduleBatch}")).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{requestBatches}/{requestBatch}", new JsonObject { ["status"] = "REVOKED" })).EnsureOk();

        // Callbacks: URL filters of the user and of an account (a category nothing here raises), failed callbacks, events.
        (await client.CallAsync(HttpMethod.Post, $"{user}/notification-filter-url", Filters())).EnsureOk();
        (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/notification-filter-url", Filters())).EnsureOk();
        (await client.CallAsync(HttpMethod.Post, $"{user}/notification-filter-failure", new JsonObject { ["notification_filter_failed_ids"] = "1" })).EnsureOk();
        long @event = (await client.CallAsync(HttpMethod.Get, $"{user}/event")).Items[0]!["Event"]!["id"]!.GetValue<long>();

        foreach (string path in new[]
        {
            $"{user}/event", $"{user}/event/{@event}", $"{user}/notification-filter-url", $"{user}/monetary-account/{account}/notification-filter-url",
            $"{user}/notification-filter-failure",
            "user", user, $"user-person/{client.UserId}",
            $"{user}/monetary-account", $"{user}/monetary-account/{account}", $"{user}/monetary-account-bank", $"{user}/monetary-account-bank/{account}",
            $"{user}/monetary-account/{account}/payment", $"{user}/monetary-account/{account}/payment/{payment}",
            $"user/{payee.UserId}/monetary-account/{payeeAccount}/payment",
            $"{user}/monetary-account/{account}/request-inquiry", $"{user}/monetary-account/{account}/request-inquiry/{inquiry}",
            $"{user}/credential-password-ip/{credential}", $"{user}/credential-password-ip/{credential}/ip", $"{user}/credential-password-ip/{credential}/ip/{ip}",
            $"{user}/oauth-client", $"{user}/oauth-client/{oauthClient}", $"{user}/oauth-client/{oauthClient}/callback-url", $"{user}/oauth-client/{oauthClient}/callback-url/{callback}",
            $"{user}/monetary-account/{account}/draft-payment", $"{user}/monetary-account/{account}/draft-payment/{draft}",
            $"{user}/monetary-account/{account}/payment-batch", $"{user}/monetary-account/{account}/payment-batch/{batch}",
            responses, $"{responses}/{response}", $"{user}/card-name", $"{user}/monetary-account/{account}/bunqme-tab", $"{user}/monetary-account/{account}/bunqme-tab/{tab}", $"{user}/monetary-account-savings", $"{user}/monetary-account-savings/{savings}",
            $"{user}/monetary-account/{account}/schedule-payment", $"{user}/monetary-account/{account}/schedule-payment/{schedule}",
            schedules, $"{schedules}/{schedule}", $"{schedules}/{schedule}/schedule-instance/{instance}",
            $"{user}/card", $"{user}/card/{card}", $"{user}/monetary-account/{account}/mastercard-action", $"{user}/monetary-account/{account}/mastercard-action/{cardAction}",
        })
        {
            WireClient caller = path.StartsWith($"user/{payee.UserId}/", StringComparison.Ordinal) ? payee : client;
            (await caller.CallAsync(HttpMethod.Get, path)).EnsureOk();
        }

        (await client.CallAsync(HttpMethod.Put, $"{user}/credential-password-ip/{credential}/ip/{ip}", new JsonObject { ["status"] = "INACTIVE" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-bank/{account}", new JsonObject { ["description"] = "Renamed" })).EnsureOk();
        Assert.Equal(400, (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-bank/{account}", new JsonObject { ["colour"] = "red" })).Status);
        Assert.Equal("Renamed", (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account-bank/{account}")).Item("MonetaryAccountBank")["description"]!.GetValue<string>());
        JsonObject revoked = (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account/{account}/request-inquiry/{inquiry}", new JsonObject { ["status"] = "REVOKED" })).Item("RequestInquiry");
        Assert.Equal("REVOKED", revoked["status"]!.GetValue<string>());
        Assert.Equal(400, (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account/{account}/request-inquiry/{inquiry}", new JsonObject { ["status"] = "REVOKED" })).Status);
        (await client.CallAsync(HttpMethod.Put, $"{user}/oauth-client/{oauthClient}", new JsonObject { ["status"] = "ACTIVE" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{user}/oauth-client/{oauthClient}/callback-url/{callback}", new JsonObject { ["url"] = "https://app.example/other" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Delete, $"{user}/oauth-client/{oauthClient}/callback-url/{callback}")).EnsureOk();
        long daily = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/schedule-payment", new JsonObject
        {
            ["payment"] = entry.DeepClone(),
            ["schedule"] = new JsonObject { ["time_start"] = "2099-01-01 00:00:00", ["recurrence_unit"] = "DAILY", ["recurrence_size"] = 1 },
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account/{account}/schedule-payment/{daily}", new JsonObject { ["payment"] = entry.DeepClone() })).EnsureOk();
        (await client.CallAsync(HttpMethod.Delete, $"{user}/monetary-account/{account}/schedule-payment/{schedule}")).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account/{account}/bunqme-tab/{tab}", new JsonObject { ["status"] = "CANCELLED" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Delete, "session/0")).EnsureOk();
    }

    private static JsonObject Filters() => new()
    {
        ["notification_filters"] = new JsonArray(new JsonObject { ["category"] = "CHAT", ["notification_target"] = "https://app.example/hook" }),
    };

    private static string NormalizeRoute(string route) => System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", "{}");
}
