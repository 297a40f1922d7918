using System.Globalization;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// What a bank must never do, under load and across a restart: answer a change it made as failed, lose an acknowledged
/// change, create or destroy money, let a balance go below zero, or hand out an id twice.
/// </summary>
public sealed class InvariantTests : IDisposable
{
    private const int Users = 6;
    private const int Clients = 8;
    private const int OperationsPerClient = 200;
    private const decimal TopUp = 100m;

    private readonly string _directory = Directory.CreateTempSubdirectory("bunq-emulator-invariants-").FullName;

    [Fact]
    public async Task Concurrent_payers_on_a_data_dir_get_no_500_and_every_acknowledged_change_survives_a_restart()
    {
        var options = new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = _directory };
        var apiKeys = new string[Users];
        var accounts = new long[Users];
        var ibans = new string[Users];
        var acknowledged = new List<Acknowledged>[Clients];
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

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
                    }
                }

                await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
                {
                    acknowledged[c] = [];
                    var random = new Random(c);
                    int user = c % Users;
                    for (int n = 0; n < OperationsPerClient; n++)
                    {
                        int payee = (user + 1 + random.Next(Users - 1)) % Users;
                        string amount = (random.Next(1, 500) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
                        WireResponse paid = await clients[c].CallAsync(HttpMethod.Post, $"user/{clients[c].UserId}/monetary-account/{accounts[user]}/payment", new JsonObject
                        {
                            ["amount"] = new JsonObject { ["value"] = amount, ["currency"] = "EUR" },
                            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = ibans[payee], ["name"] = "Payee" },
                            ["description"] = $"load {c}/{n}",
                        });
                        if (paid.Status == 200)
                        {
                            acknowledged[c].Add(new Acknowledged(user, paid.Item("Id")["id"]!.GetValue<long>(), $"load {c}/{n}"));
                        }
                        else if (paid.Status != 400 || !paid.Error.Contains("Insufficient balance", StringComparison.Ordinal))
                        {
                            failures.Add($"{paid.Status} {paid.Body?.ToJsonString()}"); // an empty-bodied 500 lands here
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
            await AssertInvariantsAsync(bunq, apiKeys, accounts, acknowledged);
        }

        // The same data dir after a restart: every acknowledged change is there.
        await using (BunqEmulator restarted = await BunqEmulator.StartAsync(options))
        {
            await AssertInvariantsAsync(restarted, apiKeys, accounts, acknowledged);
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

    private static async Task AssertInvariantsAsync(BunqEmulator bunq, string[] apiKeys, long[] accounts, List<Acknowledged>[] acknowledged)
    {
        decimal total = 0m;
        var seen = new HashSet<long>();
        for (int user = 0; user < Users; user++)
        {
            using WireClient client = await new WireClient(bunq) { ApiKey = apiKeys[user] }.ConnectAsync();
            JsonObject account = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-bank/{accounts[user]}")).Item("MonetaryAccountBank");
            decimal balance = decimal.Parse(account["balance"]!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            Assert.True(balance >= 0m, $"user {user}: balance {balance}");
            total += balance;

            Dictionary<long, string> listed = await PaymentsAsync(client, accounts[user]);
            Assert.All(listed.Keys, id => Assert.True(seen.Add(id), $"payment id {id} listed twice"));
            foreach (Acknowledged change in acknowledged.SelectMany(a => a).Where(a => a.User == user))
            {
                Assert.True(listed.TryGetValue(change.PaymentId, out string? description) && description == change.Description,
                    $"acknowledged payment {change.PaymentId} ({change.Description}) is missing");
            }
        }

        Assert.Equal(Users * TopUp, total); // payments between users move money, never make or lose it
        foreach (List<Acknowledged> changes in acknowledged)
        {
            // one client's calls are sequential: the ids it was given must increase
            Assert.Equal(changes.Select(c => c.PaymentId).Order(), changes.Select(c => c.PaymentId));
        }
    }

    private static async Task<Dictionary<long, string>> PaymentsAsync(WireClient client, long account)
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

    private sealed record Acknowledged(int User, long PaymentId, string Description);
}
