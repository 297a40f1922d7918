using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// bunq's sandbox: "We do not use real money and do not allow external transactions in the sandbox environment."
/// Money moves only between bunq accounts, in cents, in the account's currency.
/// </summary>
public class SandboxRuleTests
{
    [Theory]
    [InlineData("IBAN", "NL91ABNA0417164300", "1.00", "EUR", "external transactions")]
    [InlineData("EMAIL", "someone@example.com", "1.00", "EUR", "external transactions")]
    [InlineData("PHONE_NUMBER", "+31612345678", "1.00", "EUR", "external transactions")]
    [InlineData("EMAIL", "sugardaddy@bunq.com", "0.001", "EUR", "two decimals")]
    [InlineData("EMAIL", "sugardaddy@bunq.com", "1.234", "EUR", "two decimals")]
    [InlineData("EMAIL", "sugardaddy@bunq.com", "1.00", "USD", "differs from the account currency")]
    public async Task A_payment_breaking_a_sandbox_rule_is_refused_and_moves_nothing(string type, string value, string amount, string currency, string reason)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(client);
        await ListingTests.TopUpAsync(client, account, 1);

        WireResponse refused = await PayAsync(client, account, type, value, amount, currency);

        Assert.Equal(400, refused.Status);
        Assert.Contains(reason, refused.Error, StringComparison.Ordinal);
        Assert.Equal("10.00", await BalanceAsync(client, account));
        Assert.Single((await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account/{account}/payment")).Items); // only the top-up
    }

    [Fact]
    public async Task Another_sandbox_users_iban_or_e_mail_receives_the_money_and_the_sugar_daddy_takes_it()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient payer = await new WireClient(bunq).ConnectAsync();
        using WireClient payee = await new WireClient(bunq).ConnectAsync();
        long from = await ListingTests.MainAccountAsync(payer);
        long to = await ListingTests.MainAccountAsync(payee);
        JsonObject payeeAccount = (await payee.CallAsync(HttpMethod.Get, $"user/{payee.UserId}/monetary-account-bank/{to}")).Item("MonetaryAccountBank");
        string iban = payeeAccount["alias"]![0]!["value"]!.GetValue<string>();
        string email = (await payee.CallAsync(HttpMethod.Get, $"user-person/{payee.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();
        await ListingTests.TopUpAsync(payer, from, 1);

        (await PayAsync(payer, from, "IBAN", iban, "2.50", "EUR")).EnsureOk();
        (await PayAsync(payer, from, "EMAIL", email.ToUpperInvariant(), "1.25", "EUR")).EnsureOk();
        (await PayAsync(payer, from, "EMAIL", "sugardaddy@bunq.com", "0.25", "EUR")).EnsureOk();

        Assert.Equal("6.00", await BalanceAsync(payer, from));
        Assert.Equal("3.75", await BalanceAsync(payee, to));
        JsonObject received = (await payee.CallAsync(HttpMethod.Get, $"user/{payee.UserId}/monetary-account/{to}/payment")).Item("Payment");
        Assert.Equal("3.75", received["balance_after_mutation"]!["value"]!.GetValue<string>());
        Assert.NotNull(received["counterparty_alias"]!["iban"]);
    }

    [Fact]
    public async Task A_sugar_daddy_request_in_another_currency_is_refused_and_the_balance_unchanged()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(client);

        WireResponse refused = await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/{account}/request-inquiry", new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "500.00", ["currency"] = "USD" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com" },
            ["description"] = "dollars",
            ["allow_bunqme"] = false,
        });

        Assert.Equal(400, refused.Status);
        Assert.Contains("differs from the account currency", refused.Error, StringComparison.Ordinal);
        Assert.Equal("0.00", await BalanceAsync(client, account));
    }

    [Fact]
    public async Task A_permitted_ip_status_is_active_or_inactive()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        string ips = $"user/{client.UserId}/credential-password-ip/{(await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/credential-password-ip")).Item("CredentialPasswordIp")["id"]}/ip";

        Assert.Equal(400, (await client.CallAsync(HttpMethod.Post, ips, new JsonObject { ["ip"] = "192.0.2.1", ["status"] = "BOGUS" })).Status);
        long id = (await client.CallAsync(HttpMethod.Post, ips, new JsonObject { ["ip"] = "192.0.2.1", ["status"] = "INACTIVE" })).Item("Id")["id"]!.GetValue<long>();
        Assert.Equal(400, (await client.CallAsync(HttpMethod.Put, $"{ips}/{id}", new JsonObject { ["status"] = "BOGUS" })).Status);
        (await client.CallAsync(HttpMethod.Put, $"{ips}/{id}", new JsonObject { ["status"] = "ACTIVE" })).EnsureOk();

        Assert.Equal(["ACTIVE", "ACTIVE"], (await client.CallAsync(HttpMethod.Get, ips)).Items.Select(i => i!["PermittedIp"]!["status"]!.GetValue<string>()));
    }

    private static Task<WireResponse> PayAsync(WireClient client, long account, string type, string value, string amount, string currency) =>
        client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/{account}/payment", new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = amount, ["currency"] = currency },
            ["counterparty_alias"] = new JsonObject { ["type"] = type, ["value"] = value, ["name"] = "Counterparty" },
            ["description"] = "sandbox rules",
        });

    private static async Task<string> BalanceAsync(WireClient client, long account) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-bank/{account}")).Item("MonetaryAccountBank")["balance"]!["value"]!.GetValue<string>();
}
