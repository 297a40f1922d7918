using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>With a data dir, every object made through any route, modelled or answered from the catalogue, survives a restart.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunq-emulator-persist-").FullName;

    [Fact]
    public async Task Objects_of_catalogue_answered_and_modelled_routes_read_the_same_after_a_restart()
    {
        var options = new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = _directory };
        string[] reads;
        string[] before;
        string requesterKey, payerKey;
        await using (BunqEmulator bunq = await BunqEmulator.StartAsync(options))
        {
            using WireClient requester = await new WireClient(bunq).ConnectAsync();
            using WireClient payer = await new WireClient(bunq).ConnectAsync();
            (requesterKey, payerKey) = (requester.ApiKey!, payer.ApiKey!);
            long requesterAccount = await ListingTests.MainAccountAsync(requester);
            long payerAccount = await ListingTests.MainAccountAsync(payer);
            await ListingTests.TopUpAsync(payer, payerAccount, 1);
            string mine = $"user/{requester.UserId}/monetary-account/{requesterAccount}";
            string theirs = $"user/{payer.UserId}/monetary-account/{payerAccount}";
            string iban = (await requester.CallAsync(HttpMethod.Get, $"user/{requester.UserId}/monetary-account-bank/{requesterAccount}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();

            // answered from the catalogue: no rules, but what it made is kept
            long tab = (await requester.CallAsync(HttpMethod.Post, $"{mine}/bunqme-tab", new JsonObject
            {
                ["bunqme_tab_entry"] = new JsonObject { ["amount_inquired"] = new JsonObject { ["value"] = "4.20", ["currency"] = "EUR" }, ["description"] = "kept" },
            })).Item("Id")["id"]!.GetValue<long>();
            long inquiry = (await requester.CallAsync(HttpMethod.Post, $"{mine}/request-inquiry", new JsonObject
            {
                ["amount_inquired"] = new JsonObject { ["value"] = "1.50", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = (await payer.CallAsync(HttpMethod.Get, $"user/{payer.UserId}/monetary-account-bank/{payerAccount}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>() },
                ["description"] = "kept request",
                ["allow_bunqme"] = false,
            })).Item("Id")["id"]!.GetValue<long>();
            long response = (await payer.CallAsync(HttpMethod.Get, $"{theirs}/request-response")).Item("RequestResponse")["id"]!.GetValue<long>();
            (await payer.CallAsync(HttpMethod.Put, $"{theirs}/request-response/{response}", new JsonObject { ["status"] = "ACCEPTED" })).EnsureOk();
            var entry = new JsonObject
            {
                ["amount"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = "Requester" },
                ["description"] = "kept entry",
            };
            long draft = (await payer.CallAsync(HttpMethod.Post, $"{theirs}/draft-payment", new JsonObject
            {
                ["entries"] = new JsonArray(entry.DeepClone(), entry.DeepClone()), ["number_of_required_accepts"] = 1,
            })).Item("Id")["id"]!.GetValue<long>();
            bunq.AnswerDraftPayment(draft, accept: true);
            long pending = (await payer.CallAsync(HttpMethod.Post, $"{theirs}/draft-payment", new JsonObject
            {
                ["entries"] = new JsonArray(entry.DeepClone()), ["number_of_required_accepts"] = 1,
            })).Item("Id")["id"]!.GetValue<long>();
            long batch = (await payer.CallAsync(HttpMethod.Post, $"{theirs}/payment-batch", new JsonObject { ["payments"] = new JsonArray(entry.DeepClone()) })).Item("Id")["id"]!.GetValue<long>();

            reads =
            [
                $"{mine}/bunqme-tab/{tab}", $"{mine}/request-inquiry/{inquiry}", $"{theirs}/request-response/{response}", $"{theirs}/draft-payment/{draft}",
                $"{theirs}/draft-payment/{pending}", $"{theirs}/payment-batch/{batch}", $"{theirs}/payment", $"{mine}/payment",
            ];
            before = await ReadAllAsync(requester, payer, reads);
            Assert.Contains("kept", before[0], StringComparison.Ordinal);
        }

        await using (BunqEmulator restarted = await BunqEmulator.StartAsync(options))
        {
            using WireClient requester = await new WireClient(restarted) { ApiKey = requesterKey }.ConnectAsync();
            using WireClient payer = await new WireClient(restarted) { ApiKey = payerKey }.ConnectAsync();
            Assert.Equal(before, await ReadAllAsync(requester, payer, reads));
            restarted.AnswerDraftPayment(long.Parse(reads[4].Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture), accept: false); // still pending
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<string[]> ReadAllAsync(WireClient requester, WireClient payer, string[] reads)
    {
        var bodies = new List<string>();
        foreach (string path in reads)
        {
            WireClient caller = path.StartsWith($"user/{requester.UserId}/", StringComparison.Ordinal) ? requester : payer;
            bodies.Add((await caller.CallAsync(HttpMethod.Get, path)).EnsureOk().Body!["Response"]!.ToJsonString());
        }

        return [.. bodies];
    }
}
