using System.Globalization;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// What a bank must never do, under load and across a restart: answer a change it made as failed, lose an acknowledged
/// change, create or destroy money, let a balance go below zero, or hand out an id twice. 8 clients of 6 users make 200
/// operations each: payments, card payments at a merchant (money leaving the users), payment-batches, requests and
/// request batches to each other and their acceptance, draft payments accepted, bunq.me tabs paid from outside, one-off
/// schedules run by the clock.
/// </summary>
public sealed class InvariantTests : IDisposable
{
    private const int Users = 6;
    private const int Clients = 8;
    private const int OperationsPerClient = 200;
    private const decimal TopUp = 100m;

    private readonly string _directory = Directory.CreateTempSubdirectory("bunq-emulator-invariants-").FullName;

    [Fact]
    public async Task Concurrent_mixed_operations_on_a_data_dir_get_no_500_and_every_acknowledged_change_survives_a_restart()
    {
        var options = new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = _directory };
        var apiKeys = new string[Users];
        var accounts = new long[Users];
        var ibans = new string[Users];
        var acknowledged = new List<Acknowledged>[Clients];
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        long fromOutsideCents = 0; // bunq.me payers: money from outside, like the top-ups
        long cardSpentCents = 0; // card payments: money leaving the users for a merchant
        var cards = new long[Users];

        await using (BunqEmulator bunq = await BunqEmulator.StartAsync(options))
        {
            var clients = new WireClient[Clients];
            try
            {
                for (int i = 0; i < Clients; i++)
                {
                    // 6 users, 8 clients: the first two users pay from two installations at once.
                    clients[i] = await new WireClient(bunq) { ApiKey = i < Users ? null : apiKeys[i - Users] }.ConnectAsync();
                    if (i < Users)
                    {
                        apiKeys[i] = clients[i].ApiKey!;
                        accounts[i] = await ListingTests.MainAccountAsync(clients[i]);
                        ibans[i] = (await clients[i].CallAsync(HttpMethod.Get, $"user/{clients[i].UserId}/monetary-account-bank/{accounts[i]}"))
                            .Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
                        await ListingTests.TopUpAsync(clients[i], accounts[i], 1, TopUp);
                        cards[i] = await ActiveCardAsync(clients[i], accounts[i]);
                    }
                }

                await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
                {
                    acknowledged[c] = [];
                    var random = new Random(c);
                    int user = c % Users;
                    string account = $"user/{clients[c].UserId}/monetary-account/{accounts[user]}";
                    for (int n = 0; n < OperationsPerClient; n++)
                    {
                        string description = $"load {c}/{n}";
                        int operation = random.Next(100);
                        WireResponse answer = operation switch
                        {
                            < 50 => await clients[c].CallAsync(HttpMethod.Post, $"{account}/payment", Payment(random, ibans[Other(random, user)], description)),
                            < 55 => await CardPaymentAsync(bunq, clients[c], account, cards[user], random, description, cents => Interlocked.Add(ref cardSpentCents, cents)),
                            < 70 => await clients[c].CallAsync(HttpMethod.Post, $"{account}/payment-batch", new JsonObject
                            {
                                ["payments"] = new JsonArray(Payment(random, ibans[Other(random, user)], description + "/0"), Payment(random, ibans[Other(random, user)], description + "/1")),
                            }),
                            < 80 => await clients[c].CallAsync(HttpMethod.Post, $"{account}/request-inquiry", Request(random, ibans[Other(random, user)], description)),
                            < 85 => await clients[c].CallAsync(HttpMethod.Post, $"{account}/request-inquiry-batch",
                                RequestBatch(Request(random, ibans[Other(random, user)], description + "/0"), Request(random, ibans[Other(random, user)], description + "/1"))),
                            < 95 => await AcceptOneAsync(clients[c], account),
                            < 97 => await DraftAndAcceptAsync(bunq, clients[c], account, Payment(random, ibans[Other(random, user)], description)),
                            < 98 => await PaidTabAsync(bunq, clients[c], account, description, () => Interlocked.Add(ref fromOutsideCents, 100)),
                            // a one-off schedule already due: it runs before the next request, between the users
                            _ => await clients[c].CallAsync(HttpMethod.Post, $"{account}/schedule-payment", new JsonObject
                            {
                                ["payment"] = Payment(random, ibans[Other(random, user)], description),
                                ["schedule"] = new JsonObject { ["time_start"] = ListingTests.PastTime(), ["recurrence_unit"] = "ONCE", ["recurrence_size"] = 1 },
                            }),
                        };
                        if (answer.Status == 200)
                        {
                            await AcknowledgeAsync(clients[c], account, user, operation, description, answer, acknowledged[c]);
                        }
                        else if (answer.Status != 400 || !(answer.Error.Contains("Insufficient balance", StringComparison.Ordinal)
                            || answer.Error.Contains("no longer be answered", StringComparison.Ordinal) || answer.Error == NothingToAccept))
                        {
                            failures.Add($"{answer.Call}: {answer.Status} {answer.Body?.ToJsonString()}"); // an empty-bodied 500 lands here
                        }
                    }
                }));
            }
            finally
            {
                foreach (WireClient? client in clients)
                {
                    client?.Dispose();
                }
            }

            Assert.True(failures.IsEmpty, $"{failures.Count} unexpected answers, e.g. {string.Join("; ", failures.Distinct().Take(3))}");
            await AssertInvariantsAsync(() => new WireClient(bunq), Users * TopUp + (fromOutsideCents - cardSpentCents) / 100m, apiKeys, accounts, acknowledged);
        }

        // The same data dir after a restart: every acknowledged change is there.
        await using (BunqEmulator restarted = await BunqEmulator.StartAsync(options))
        {
            await AssertInvariantsAsync(() => new WireClient(restarted), Users * TopUp + (fromOutsideCents - cardSpentCents) / 100m, apiKeys, accounts, acknowledged);
        }
    }

    [Fact]
    public async Task An_unexpected_failure_is_answered_in_bunqs_error_shape_signed_and_listed_on_the_inspector_page()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = _directory });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        // The state file cannot be replaced: a folder stands where it goes (as root, a read-only mode would not stop the write).
        File.Delete(Path.Combine(_directory, "state.json"));
        Directory.CreateDirectory(Path.Combine(_directory, "state.json"));

        WireResponse failed = await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account-bank", new JsonObject { ["currency"] = "EUR" });

        Assert.Equal(500, failed.Status);
        Assert.True(failed.SignatureVerified);
        Assert.StartsWith("The emulator failed unexpectedly (IOException)", failed.Error, StringComparison.Ordinal);
        string page = await InspectorTests.InspectorPageAsync(bunq);
        Assert.Contains("<h2>Unexpected errors</h2>", page, StringComparison.Ordinal);
        Assert.Contains($"/v1/user/{client.UserId}/monetary-account-bank</code></td><td class=\"invalid\">IOException: ", page, StringComparison.Ordinal);
        Assert.Equal(500, bunq.Requests[^1].Status);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string NothingToAccept = "nothing pending";

    private static int Other(Random random, int user) => (user + 1 + random.Next(Users - 1)) % Users;

    private static JsonObject Payment(Random random, string iban, string description) => new()
    {
        ["amount"] = new JsonObject { ["value"] = (random.Next(1, 500) / 100m).ToString("0.00", CultureInfo.InvariantCulture), ["currency"] = "EUR" },
        ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = "Payee" },
        ["description"] = description,
    };

    private static JsonObject Request(Random random, string iban, string description) => new()
    {
        ["amount_inquired"] = Payment(random, string.Empty, string.Empty)["amount"]!.DeepClone(),
        ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban },
        ["description"] = description,
        ["allow_bunqme"] = false,
    };

    private static JsonObject RequestBatch(params JsonObject[] requests) => new()
    {
        ["request_inquiries"] = new JsonArray(requests),
        ["total_amount_inquired"] = new JsonObject
        {
            ["value"] = requests.Sum(r => decimal.Parse(r["amount_inquired"]!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToString("0.00", CultureInfo.InvariantCulture),
            ["currency"] = "EUR",
        },
    };

    /// <summary>A debit card on the user's account, ordered and activated as the app would.</summary>
    private static async Task<long> ActiveCardAsync(WireClient client, long account)
    {
        string name = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/card-name")).Item("CardUserNameArray")["possible_card_name_array"]![0]!.GetValue<string>();
        long card = (await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/card-debit", new JsonObject
        {
            ["second_line"] = "Invariants", ["name_on_card"] = name, ["type"] = "MAESTRO", ["product_type"] = "MAESTRO_DEBIT",
            ["pin_code_assignment"] = new JsonArray(new JsonObject { ["type"] = "PRIMARY", ["monetary_account_id"] = account }),
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Put, $"user/{client.UserId}/card/{card}", new JsonObject { ["status"] = "ACTIVE" })).EnsureOk();
        return card;
    }

    /// <summary>A card payment at a merchant named by the description; answered with its payment when allowed.</summary>
    private static async Task<WireResponse> CardPaymentAsync(BunqEmulator bunq, WireClient client, string account, long card, Random random, string description, Action<long> spent)
    {
        int cents = random.Next(1, 500);
        EmulatorCardTransaction result = bunq.SpendWithCard(card, cents / 100m, merchant: description);
        if (!result.Allowed)
        {
            // only a balance too low is an answer a bank may give here; any other decline is a failure of the test run
            return Refused(result.Decision == "INSUFFICIENT_BALANCE" ? "Insufficient balance (card)" : result.Decision, "card");
        }

        spent(cents);
        return await client.CallAsync(HttpMethod.Get, $"{account}/payment/{result.PaymentId}");
    }

    private static WireResponse Refused(string text, string call) =>
        new(400, new JsonObject { ["Error"] = new JsonArray(new JsonObject { ["error_description"] = text }) }, call);

    /// <summary>Accepts the oldest request waiting on the account (a twin client of the same user may race for it).</summary>
    private static async Task<WireResponse> AcceptOneAsync(WireClient client, string account)
    {
        WireResponse listed = (await client.CallAsync(HttpMethod.Get, $"{account}/request-response?count=200")).EnsureOk();
        JsonNode? pending = listed.Items.Select(i => i!["RequestResponse"]).LastOrDefault(r => r!["status"]!.GetValue<string>() == "PENDING");
        return pending is null
            ? Refused(NothingToAccept, "accept")
            : await client.CallAsync(HttpMethod.Put, $"{account}/request-response/{pending["id"]}", new JsonObject { ["status"] = "ACCEPTED" });
    }

    /// <summary>A draft payment, accepted at once as its owner would in the app.</summary>
    private static async Task<WireResponse> DraftAndAcceptAsync(BunqEmulator bunq, WireClient client, string account, JsonObject entry)
    {
        long draft = (await client.CallAsync(HttpMethod.Post, $"{account}/draft-payment", new JsonObject
        {
            ["entries"] = new JsonArray(entry), ["number_of_required_accepts"] = 1,
        })).Item("Id")["id"]!.GetValue<long>();
        try
        {
            bunq.AnswerDraftPayment(draft, accept: true);
        }
        catch (InvalidOperationException e)
        {
            return Refused(e.Message, "draft");
        }

        return await client.CallAsync(HttpMethod.Get, $"{account}/draft-payment/{draft}");
    }

    /// <summary>A bunq.me tab of 1.00, paid at once by someone outside.</summary>
    private static async Task<WireResponse> PaidTabAsync(BunqEmulator bunq, WireClient client, string account, string description, Action paid)
    {
        long tab = (await client.CallAsync(HttpMethod.Post, $"{account}/bunqme-tab", new JsonObject
        {
            ["bunqme_tab_entry"] = new JsonObject { ["amount_inquired"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" }, ["description"] = description },
        })).Item("Id")["id"]!.GetValue<long>();
        bunq.PayBunqMeTab(tab);
        paid();
        return await client.CallAsync(HttpMethod.Get, $"{account}/bunqme-tab/{tab}");
    }

    /// <summary>Records the payments an acknowledged operation made, with their ids where the answer gives them.</summary>
    private static async Task AcknowledgeAsync(WireClient client, string account, int user, int operation, string description, WireResponse answer, List<Acknowledged> into)
    {
        switch (operation)
        {
            case < 50:
                into.Add(new Acknowledged(user, answer.Item("Id")["id"]!.GetValue<long>(), description));
                break;
            case < 55:
                into.Add(new Acknowledged(user, answer.Item("Payment")["id"]!.GetValue<long>(), description));
                break;
            case < 70:
                long batch = answer.Item("Id")["id"]!.GetValue<long>();
                JsonArray payments = (await client.CallAsync(HttpMethod.Get, $"{account}/payment-batch/{batch}")).Item("PaymentBatch")["payments"]!["Payment"]!.AsArray();
                into.AddRange(payments.Select(p => new Acknowledged(user, p!["id"]!.GetValue<long>(), p["description"]!.GetValue<string>())));
                break;
            case < 85:
                break; // a request, or a batch of them, moves no money until it is accepted
            case < 95:
                // the payer's payment carries the request's description; its id is not in the answer
                into.Add(new Acknowledged(user, 0, answer.Item("RequestResponse")["description"]!.GetValue<string>()));
                break;
            case < 97:
                JsonObject draft = answer.Item("DraftPayment");
                Assert.Equal("ACCEPTED", draft["status"]!.GetValue<string>());
                into.Add(new Acknowledged(user, draft["object"]!["Payment"]!["id"]!.GetValue<long>(), description));
                break;
            case < 98:
                into.Add(new Acknowledged(user, answer.Item("BunqMeTab")["result_inquiries"]![0]!["payment"]!["id"]!.GetValue<long>(), description));
                break;
            default:
                break; // the schedule's run is checked by the sums; when it ran depends on the other clients' requests
        }
    }

    /// <summary>
    /// The sum of all balances is <paramref name="total"/> (money only moved between the users), none is negative, no
    /// payment id is listed twice, every acknowledged payment is listed with its description, and each client's ids
    /// increase in the order it was given them.
    /// </summary>
    internal static async Task AssertInvariantsAsync(Func<WireClient> connect, decimal total, string[] apiKeys, long[] accounts, IEnumerable<List<Acknowledged>> acknowledged)
    {
        decimal sum = 0m;
        var seen = new HashSet<long>();
        for (int user = 0; user < apiKeys.Length; user++)
        {
            WireClient fresh = connect();
            fresh.ApiKey = apiKeys[user];
            using WireClient client = await fresh.ConnectAsync();
            JsonObject account = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-bank/{accounts[user]}")).Item("MonetaryAccountBank");
            decimal balance = decimal.Parse(account["balance"]!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            Assert.True(balance >= 0m, $"user {user}: balance {balance}");
            sum += balance;

            Dictionary<long, string> listed = await PaymentsAsync(client, accounts[user]);
            Assert.All(listed.Keys, id => Assert.True(seen.Add(id), $"payment id {id} listed twice"));
            foreach (Acknowledged change in acknowledged.SelectMany(a => a).Where(a => a.User == user))
            {
                Assert.True(change.PaymentId == 0 ? listed.ContainsValue(change.Description) : listed.TryGetValue(change.PaymentId, out string? description) && description == change.Description,
                    $"acknowledged payment {change.PaymentId} ({change.Description}) is missing");
            }
        }

        Assert.Equal(total, sum); // payments between users move money, never make or lose it
        foreach (List<Acknowledged> changes in acknowledged)
        {
            // one client's calls are sequential: the ids it was given must increase
            long[] ids = changes.Select(c => c.PaymentId).Where(id => id != 0).ToArray();
            Assert.Equal(ids.Order(), ids);
        }
    }

    internal static async Task<Dictionary<long, string>> PaymentsAsync(WireClient client, long account)
    {
        var payments = new Dictionary<long, string>();
        string? page = $"user/{client.UserId}/monetary-account/{account}/payment?count=200";
        while (page is not null)
        {
            WireResponse listed = (await client.CallAsync(HttpMethod.Get, page)).EnsureOk();
            foreach (JsonObject payment in listed.Items.Select(i => i!["Payment"]!.AsObject()))
            {
                payments.Add(payment["id"]!.GetValue<long>(), payment["description"]!.GetValue<string>());
            }

            page = listed.Pagination?["older_url"]?.GetValue<string>()?.TrimStart('/')["v1/".Length..];
        }

        return payments;
    }

    internal sealed record Acknowledged(int User, long PaymentId, string Description);
}
