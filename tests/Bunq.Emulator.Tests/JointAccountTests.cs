using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>monetary-account-joint over TLS through the emulator: co-owners, money through the ledger, closing at zero only, kept across a restart.</summary>
public sealed class JointAccountTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bunq-joint-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_joint_account_is_its_co_owners_once_accepted_moves_money_through_the_ledger_and_closes_only_when_empty()
    {
        var options = new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = _directory };
        string ownerKey, partnerKey;
        long joint;
        await using (BunqEmulator bunq = await BunqEmulator.StartAsync(options))
        {
            using WireClient owner = await new WireClient(bunq).ConnectAsync();
            using WireClient partner = await new WireClient(bunq).ConnectAsync();
            using WireClient stranger = await new WireClient(bunq).ConnectAsync();
            (ownerKey, partnerKey) = (owner.ApiKey!, partner.ApiKey!);
            long main = await ListingTests.MainAccountAsync(owner);
            await ListingTests.TopUpAsync(owner, main, 1, 30m);
            string joints = $"user/{owner.UserId}/monetary-account-joint";

            Assert.Equal(400, (await owner.CallAsync(HttpMethod.Post, joints, Joint(await BatchTests.EmailAsync(owner)))).Status); // not one's own co-owner
            Assert.Equal(400, (await owner.CallAsync(HttpMethod.Post, joints, Joint("nobody@example.com"))).Status);
            joint = (await owner.CallAsync(HttpMethod.Post, joints, Joint(await BatchTests.EmailAsync(partner)))).Item("Id")["id"]!.GetValue<long>();
            JsonObject made = (await owner.CallAsync(HttpMethod.Get, $"{joints}/{joint}")).Item("MonetaryAccountJoint");
            Assert.Equal("Household", made["description"]!.GetValue<string>());
            Assert.Equal(["ACCEPTED", "PENDING"], made["all_co_owner"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()));

            // Pending, the partner does not reach it; accepted, it is theirs too (listed, and they can pay from it).
            Assert.Equal(404, (await partner.CallAsync(HttpMethod.Get, $"user/{partner.UserId}/monetary-account-joint/{joint}")).Status);
            bunq.AnswerCoOwnerInvite(joint, partner.UserId, accept: true);
            Assert.Throws<InvalidOperationException>(() => bunq.AnswerCoOwnerInvite(joint, partner.UserId, accept: false));
            Assert.Equal(joint, (await partner.CallAsync(HttpMethod.Get, $"user/{partner.UserId}/monetary-account-joint")).Item("MonetaryAccountJoint")["id"]!.GetValue<long>());
            Assert.Contains((await partner.CallAsync(HttpMethod.Get, $"user/{partner.UserId}/monetary-account")).Items, i => i!["MonetaryAccountJoint"] is not null);

            // Money in from the owner's own account, out by the partner back to it: the ledger's balances follow.
            string jointIban = made["alias"]![0]!["value"]!.GetValue<string>();
            string mainIban = (await owner.CallAsync(HttpMethod.Get, $"user/{owner.UserId}/monetary-account-bank/{main}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
            (await owner.CallAsync(HttpMethod.Post, $"user/{owner.UserId}/monetary-account/{main}/payment", Payment("20.00", jointIban))).EnsureOk();
            (await partner.CallAsync(HttpMethod.Post, $"user/{partner.UserId}/monetary-account/{joint}/payment", Payment("5.00", mainIban))).EnsureOk();
            Assert.Equal(400, (await partner.CallAsync(HttpMethod.Post, $"user/{partner.UserId}/monetary-account/{joint}/payment", Payment("50.00", mainIban))).Status);
            Assert.Equal("15.00", await BalanceAsync(owner, joint));
            Assert.Equal("15.00", await MoneyModelTests.BalanceAsync(owner, main));

            // Someone who is no owner does not find it; a joint account is not found as a bank account.
            Assert.Equal(404, (await stranger.CallAsync(HttpMethod.Get, $"user/{stranger.UserId}/monetary-account-joint/{joint}")).Status);
            Assert.Equal(404, (await stranger.CallAsync(HttpMethod.Post, $"user/{stranger.UserId}/monetary-account/{joint}/payment", Payment("1.00", mainIban))).Status);
            Assert.Equal(404, (await owner.CallAsync(HttpMethod.Get, $"user/{owner.UserId}/monetary-account-bank/{joint}")).Status);
            Assert.Equal(404, (await owner.CallAsync(HttpMethod.Get, $"{joints}/{joint + 1000}")).Status);

            // Money left: it does not close. A description change goes through.
            WireResponse notEmpty = await owner.CallAsync(HttpMethod.Put, $"{joints}/{joint}", Close());
            Assert.Equal(400, notEmpty.Status);
            Assert.Contains("still holds 15.00", notEmpty.Error, StringComparison.Ordinal);
            (await owner.CallAsync(HttpMethod.Put, $"{joints}/{joint}", new JsonObject { ["description"] = "Shared" })).EnsureOk();

            // Payments raise events for the user whose account it is.
            Assert.Contains(await BatchTests.EventsAsync(owner, "Payment"), e => e["object"]!["Payment"]!["monetary_account_id"]!.GetValue<long>() == joint);
        }

        await using (BunqEmulator again = await BunqEmulator.StartAsync(options))
        {
            using WireClient owner = await new WireClient(again) { ApiKey = ownerKey }.ConnectAsync();
            using WireClient partner = await new WireClient(again) { ApiKey = partnerKey }.ConnectAsync();
            long main = await ListingTests.MainAccountAsync(owner);
            string mainIban = (await owner.CallAsync(HttpMethod.Get, $"user/{owner.UserId}/monetary-account-bank/{main}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
            JsonObject kept = (await partner.CallAsync(HttpMethod.Get, $"user/{partner.UserId}/monetary-account-joint/{joint}")).Item("MonetaryAccountJoint");
            Assert.Equal(["ACCEPTED", "ACCEPTED"], kept["all_co_owner"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()));
            Assert.Equal("Shared", kept["description"]!.GetValue<string>());
            Assert.Equal("15.00", kept["balance"]!["value"]!.GetValue<string>());

            // Emptied by the partner, then closed by them: it no longer pays.
            (await partner.CallAsync(HttpMethod.Post, $"user/{partner.UserId}/monetary-account/{joint}/payment", Payment("15.00", mainIban))).EnsureOk();
            (await partner.CallAsync(HttpMethod.Put, $"user/{partner.UserId}/monetary-account-joint/{joint}", Close())).EnsureOk();
            Assert.Equal("CANCELLED", (await owner.CallAsync(HttpMethod.Get, $"user/{owner.UserId}/monetary-account-joint/{joint}")).Item("MonetaryAccountJoint")["status"]!.GetValue<string>());
            Assert.Equal(400, (await owner.CallAsync(HttpMethod.Post, $"user/{owner.UserId}/monetary-account/{joint}/payment", Payment("1.00", mainIban))).Status);
            Assert.Equal("30.00", await MoneyModelTests.BalanceAsync(owner, main));
        }
    }

    private static JsonObject Joint(string coOwnerEmail) => new()
    {
        ["currency"] = "EUR",
        ["description"] = "Household",
        ["all_co_owner"] = new JsonArray(new JsonObject { ["alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = coOwnerEmail, ["name"] = "Partner" } }),
    };

    private static JsonObject Payment(string amount, string iban) => new()
    {
        ["amount"] = new JsonObject { ["value"] = amount, ["currency"] = "EUR" },
        ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = "Own account" },
        ["description"] = "between own accounts",
    };

    private static JsonObject Close() => new() { ["status"] = "CANCELLED", ["sub_status"] = "REDEMPTION_VOLUNTARY", ["reason"] = "OTHER" };

    private static async Task<string> BalanceAsync(WireClient client, long joint) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-joint/{joint}")).Item("MonetaryAccountJoint")["balance"]!["value"]!.GetValue<string>();
}
