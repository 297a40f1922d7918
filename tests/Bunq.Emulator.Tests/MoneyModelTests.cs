using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// Money between emulated users, with bunq's rules: a request the other user accepts (paying) or rejects, a draft
/// payment the owner accepts in the app, a payment-batch that runs all or nothing.
/// </summary>
public sealed class MoneyModelTests : IAsyncLifetime
{
    private BunqEmulator _bunq = null!;
    private WireClient _requester = null!;
    private WireClient _payer = null!;
    private long _requesterAccount;
    private long _payerAccount;
    private string _requesterIban = string.Empty;

    public async Task InitializeAsync()
    {
        _bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        _requester = await new WireClient(_bunq).ConnectAsync();
        _payer = await new WireClient(_bunq).ConnectAsync();
        _requesterAccount = await ListingTests.MainAccountAsync(_requester);
        _payerAccount = await ListingTests.MainAccountAsync(_payer);
        await ListingTests.TopUpAsync(_payer, _payerAccount, 1, 20m);
        _requesterIban = (await _requester.CallAsync(HttpMethod.Get, $"user/{_requester.UserId}/monetary-account-bank/{_requesterAccount}"))
            .Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        _requester.Dispose();
        _payer.Dispose();
        await _bunq.DisposeAsync();
    }

    [Fact]
    public async Task A_request_to_another_user_arrives_as_a_pending_response_and_accepting_it_pays_the_requester()
    {
        long inquiry = await RequestAsync("7.50");
        JsonObject pending = (await _payer.CallAsync(HttpMethod.Get, PayerPath("request-response"))).Item("RequestResponse");
        Assert.Equal("PENDING", pending["status"]!.GetValue<string>());
        Assert.Equal("7.50", pending["amount_inquired"]!["value"]!.GetValue<string>());
        Assert.Equal("0.00", await BalanceAsync(_requester, _requesterAccount)); // nothing moves before the answer

        WireResponse accepted = await _payer.CallAsync(HttpMethod.Put, PayerPath($"request-response/{pending["id"]}"), new JsonObject { ["status"] = "ACCEPTED" });

        // bunq's SDKs read the whole RequestResponse from this answer, not an Id.
        JsonObject response = accepted.Item("RequestResponse");
        Assert.Equal("ACCEPTED", response["status"]!.GetValue<string>());
        Assert.Equal("7.50", response["amount_responded"]!["value"]!.GetValue<string>());
        Assert.Equal("12.50", await BalanceAsync(_payer, _payerAccount));
        Assert.Equal("7.50", await BalanceAsync(_requester, _requesterAccount));
        JsonObject seen = (await _requester.CallAsync(HttpMethod.Get, RequesterPath($"request-inquiry/{inquiry}"))).Item("RequestInquiry");
        Assert.Equal("ACCEPTED", seen["status"]!.GetValue<string>());
        Assert.Equal("7.50", seen["amount_responded"]!["value"]!.GetValue<string>());
        JsonObject received = (await _requester.CallAsync(HttpMethod.Get, RequesterPath("payment"))).Item("Payment");
        Assert.Equal("REQUEST", received["sub_type"]!.GetValue<string>());
        Assert.Equal(400, (await _payer.CallAsync(HttpMethod.Put, PayerPath($"request-response/{pending["id"]}"), new JsonObject { ["status"] = "ACCEPTED" })).Status);
        Assert.Equal("12.50", await BalanceAsync(_payer, _payerAccount)); // answered once
        // The request arrived as an event of the payer's: one, made while it was pending.
        Assert.Equal("PENDING", Assert.Single(await EventsAsync(_payer, "RequestResponse"))["object"]!["RequestResponse"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rejected_revoked_or_uncovered_request_moves_no_money_and_the_requester_sees_its_status()
    {
        long rejected = await RequestAsync("1.00");
        long revoked = await RequestAsync("2.00");
        long uncovered = await RequestAsync("25.00");
        long[] responses = (await _payer.CallAsync(HttpMethod.Get, PayerPath("request-response"))).Items
            .Select(i => i!["RequestResponse"]!["id"]!.GetValue<long>()).Order().ToArray();

        (await _payer.CallAsync(HttpMethod.Put, PayerPath($"request-response/{responses[0]}"), new JsonObject { ["status"] = "REJECTED" })).EnsureOk();
        (await _requester.CallAsync(HttpMethod.Put, RequesterPath($"request-inquiry/{revoked}"), new JsonObject { ["status"] = "REVOKED" })).EnsureOk();
        WireResponse tooLate = await _payer.CallAsync(HttpMethod.Put, PayerPath($"request-response/{responses[1]}"), new JsonObject { ["status"] = "ACCEPTED" });
        WireResponse uncoveredAnswer = await _payer.CallAsync(HttpMethod.Put, PayerPath($"request-response/{responses[2]}"), new JsonObject { ["status"] = "ACCEPTED" });
        WireResponse otherAmount = await _payer.CallAsync(HttpMethod.Put, PayerPath($"request-response/{responses[2]}"), new JsonObject
        {
            ["status"] = "ACCEPTED",
            ["amount_responded"] = new JsonObject { ["value"] = "5.00", ["currency"] = "EUR" },
        });

        Assert.Equal("REJECTED", await InquiryStatusAsync(rejected));
        Assert.Equal("REVOKED", await InquiryStatusAsync(revoked));
        Assert.Equal("PENDING", await InquiryStatusAsync(uncovered));
        Assert.Contains("REVOKED", tooLate.Error, StringComparison.Ordinal);
        Assert.Contains("Insufficient balance", uncoveredAnswer.Error, StringComparison.Ordinal);
        Assert.Contains("another amount", otherAmount.Error, StringComparison.Ordinal);
        Assert.Equal("20.00", await BalanceAsync(_payer, _payerAccount));
        Assert.Equal("0.00", await BalanceAsync(_requester, _requesterAccount));
        Assert.Equal(404, (await _requester.CallAsync(HttpMethod.Get, $"user/{_requester.UserId}/monetary-account/{_requesterAccount}/request-response/{responses[0]}")).Status);
    }

    [Fact]
    public async Task A_draft_payment_waits_for_the_owner_and_accepting_it_in_the_app_runs_it()
    {
        long draft = (await _payer.CallAsync(HttpMethod.Post, PayerPath("draft-payment"), Draft("3.00"))).Item("Id")["id"]!.GetValue<long>();
        long uncovered = (await _payer.CallAsync(HttpMethod.Post, PayerPath("draft-payment"), Draft("30.00"))).Item("Id")["id"]!.GetValue<long>();
        long rejected = (await _payer.CallAsync(HttpMethod.Post, PayerPath("draft-payment"), Draft("1.00"))).Item("Id")["id"]!.GetValue<long>();
        Assert.Equal("PENDING", (await DraftAsync(draft))["status"]!.GetValue<string>());
        Assert.Equal("20.00", await BalanceAsync(_payer, _payerAccount));
        WireResponse byApi = await _payer.CallAsync(HttpMethod.Put, PayerPath($"draft-payment/{draft}"), new JsonObject { ["status"] = "ACCEPTED" });
        Assert.Contains("bunq app", byApi.Error, StringComparison.Ordinal);

        _bunq.AnswerDraftPayment(draft, accept: true);
        _bunq.AnswerDraftPayment(rejected, accept: false);
        var refused = Assert.Throws<InvalidOperationException>(() => _bunq.AnswerDraftPayment(uncovered, accept: true));

        JsonObject accepted = await DraftAsync(draft);
        Assert.Equal("ACCEPTED", accepted["status"]!.GetValue<string>());
        Assert.Equal("-3.00", accepted["object"]!["Payment"]!["amount"]!["value"]!.GetValue<string>());
        Assert.Equal("REJECTED", (await DraftAsync(rejected))["status"]!.GetValue<string>());
        Assert.Contains("Insufficient balance", refused.Message, StringComparison.Ordinal);
        Assert.Equal("PENDING", (await DraftAsync(uncovered))["status"]!.GetValue<string>());
        Assert.Equal("17.00", await BalanceAsync(_payer, _payerAccount));
        Assert.Equal("3.00", await BalanceAsync(_requester, _requesterAccount));
        Assert.Equal(400, (await _payer.CallAsync(HttpMethod.Post, PayerPath("draft-payment"), Draft("1.00", requiredAccepts: 2))).Status);
        // Each draft made, and each answer the owner gave, is an event of the payer's (the refused accept changed nothing).
        Assert.Equal(["CREATE", "CREATE", "CREATE", "UPDATE", "UPDATE"], (await EventsAsync(_payer, "DraftPayment")).Select(e => e["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_payment_batch_runs_every_payment_or_none()
    {
        WireResponse external = await _payer.CallAsync(HttpMethod.Post, PayerPath("payment-batch"), Batch(("1.00", _requesterIban), ("1.00", "NL91ABNA0417164300")));
        WireResponse uncovered = await _payer.CallAsync(HttpMethod.Post, PayerPath("payment-batch"), Batch(("15.00", _requesterIban), ("15.00", _requesterIban)));
        Assert.Contains("No payment of the batch was made", external.Error, StringComparison.Ordinal);
        Assert.Contains("No payment of the batch was made", uncovered.Error, StringComparison.Ordinal);
        Assert.Equal("20.00", await BalanceAsync(_payer, _payerAccount));

        long batch = (await _payer.CallAsync(HttpMethod.Post, PayerPath("payment-batch"), Batch(("4.00", _requesterIban), ("6.00", _requesterIban))))
            .Item("Id")["id"]!.GetValue<long>();

        JsonArray payments = (await _payer.CallAsync(HttpMethod.Get, PayerPath($"payment-batch/{batch}"))).Item("PaymentBatch")["payments"]!["Payment"]!.AsArray();
        Assert.Equal(["-4.00", "-6.00"], payments.Select(p => p!["amount"]!["value"]!.GetValue<string>()));
        Assert.All(payments, p => Assert.Equal(batch, p!["batch_id"]!.GetValue<long>()));
        Assert.Equal("10.00", await BalanceAsync(_payer, _payerAccount));
        Assert.Equal("10.00", await BalanceAsync(_requester, _requesterAccount));
    }

    [Fact]
    public async Task A_bunq_me_tab_is_paid_from_outside_through_the_helper_until_its_owner_cancels_it()
    {
        long tab = (await _requester.CallAsync(HttpMethod.Post, RequesterPath("bunqme-tab"), new JsonObject
        {
            ["bunqme_tab_entry"] = new JsonObject { ["amount_inquired"] = new JsonObject { ["value"] = "4.20", ["currency"] = "EUR" }, ["description"] = "pizza" },
        })).Item("Id")["id"]!.GetValue<long>();
        JsonObject open = (await _requester.CallAsync(HttpMethod.Get, RequesterPath($"bunqme-tab/{tab}"))).Item("BunqMeTab");

        _bunq.PayBunqMeTab(tab, payerName: "Alice");
        _bunq.PayBunqMeTab(tab, 4.20m, "Bob");
        var wrongAmount = Assert.Throws<InvalidOperationException>(() => _bunq.PayBunqMeTab(tab, 1m));
        WireResponse otherChange = await _requester.CallAsync(HttpMethod.Put, RequesterPath($"bunqme-tab/{tab}"), new JsonObject { ["status"] = "WAITING_FOR_PAYMENT" });
        (await _requester.CallAsync(HttpMethod.Put, RequesterPath($"bunqme-tab/{tab}"), new JsonObject { ["status"] = "CANCELLED" })).EnsureOk();
        var closed = Assert.Throws<InvalidOperationException>(() => _bunq.PayBunqMeTab(tab));

        Assert.Equal("WAITING_FOR_PAYMENT", open["status"]!.GetValue<string>());
        Assert.StartsWith("https://bunq.me/t/", open["bunqme_tab_share_url"]!.GetValue<string>(), StringComparison.Ordinal);
        JsonObject paid = (await _requester.CallAsync(HttpMethod.Get, RequesterPath($"bunqme-tab/{tab}"))).Item("BunqMeTab");
        Assert.Equal("CANCELLED", paid["status"]!.GetValue<string>());
        Assert.Equal(["Bob", "Alice"], paid["result_inquiries"]!.AsArray().Select(r => r!["payment"]!["counterparty_alias"]!["display_name"]!.GetValue<string>()).Reverse());
        Assert.Equal("8.40", await BalanceAsync(_requester, _requesterAccount));
        Assert.Contains("asks 4.20", wrongAmount.Message, StringComparison.Ordinal);
        Assert.Equal(400, otherChange.Status);
        Assert.Contains("CANCELLED", closed.Message, StringComparison.Ordinal);
        // Made, paid twice, cancelled: four events of the owner's, oldest first.
        Assert.Equal(["WAITING_FOR_PAYMENT", "WAITING_FOR_PAYMENT", "WAITING_FOR_PAYMENT", "CANCELLED"],
            (await EventsAsync(_requester, "BunqMeTab")).Select(e => e["object"]!["BunqMeTab"]!["status"]!.GetValue<string>()));
    }

    /// <summary>The user's events about one kind of object, oldest first (bunq lists them newest first).</summary>
    private static async Task<List<JsonObject>> EventsAsync(WireClient client, string objectName) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/event?count=200")).Items
            .Select(i => i!["Event"]!.AsObject()).Where(e => e["object"]!.AsObject().ContainsKey(objectName)).Reverse().ToList();

    internal static async Task<string> BalanceAsync(WireClient client, long account) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-bank/{account}")).Item("MonetaryAccountBank")["balance"]!["value"]!.GetValue<string>();

    private async Task<long> RequestAsync(string amount) =>
        (await _requester.CallAsync(HttpMethod.Post, RequesterPath("request-inquiry"), new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = amount, ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = await EmailAsync(_payer) },
            ["description"] = "lunch",
            ["allow_bunqme"] = false,
        })).Item("Id")["id"]!.GetValue<long>();

    private async Task<string> InquiryStatusAsync(long inquiry) =>
        (await _requester.CallAsync(HttpMethod.Get, RequesterPath($"request-inquiry/{inquiry}"))).Item("RequestInquiry")["status"]!.GetValue<string>();

    private async Task<JsonObject> DraftAsync(long draft) => (await _payer.CallAsync(HttpMethod.Get, PayerPath($"draft-payment/{draft}"))).Item("DraftPayment");

    private JsonObject Draft(string amount, int requiredAccepts = 1) => new()
    {
        ["entries"] = new JsonArray(new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = amount, ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = _requesterIban, ["name"] = "Requester" },
            ["description"] = "draft",
        }),
        ["number_of_required_accepts"] = requiredAccepts,
    };

    private static JsonObject Batch(params (string Amount, string Iban)[] payments) => new()
    {
        ["payments"] = new JsonArray(payments.Select(p => (JsonNode)new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = p.Amount, ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = p.Iban, ["name"] = "Payee" },
            ["description"] = "batch",
        }).ToArray()),
    };

    private static async Task<string> EmailAsync(WireClient client) =>
        (await client.CallAsync(HttpMethod.Get, $"user-person/{client.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();

    private string RequesterPath(string rest) => $"user/{_requester.UserId}/monetary-account/{_requesterAccount}/{rest}";

    private string PayerPath(string rest) => $"user/{_payer.UserId}/monetary-account/{_payerAccount}/{rest}";
}
