using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>The inspector page over HTTPS: what it shows about a refused signature, and what it never shows.</summary>
public class InspectorTests
{
    [Fact]
    public async Task A_refused_signature_shows_the_length_and_sha256_of_the_bytes_received_and_no_secret()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        var body = new JsonObject { ["currency"] = "EUR", ["description"] = "signed with the wrong key" };
        byte[] sent = Encoding.UTF8.GetBytes(body.ToJsonString());

        WireResponse refused = await client.SendAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account-bank", body, client.SessionToken, signature: Convert.ToBase64String(new byte[256]));
        Assert.Equal("The request signature is invalid.", refused.Error);

        string page = await InspectorPageAsync(bunq);
        Assert.Contains($"invalid: {sent.Length} bytes received, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(sent))}", page, StringComparison.Ordinal);
        Assert.Contains(">valid<", page, StringComparison.Ordinal);
        Assert.Contains("session ", page, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1 ACTIVE", page, StringComparison.Ordinal);
        foreach (string secret in new[] { client.ApiKey!, client.SessionToken!, client.InstallationToken! })
        {
            Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Untrusted_text_is_encoded_and_the_page_can_be_switched_off()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        await client.CallAsync(HttpMethod.Get, "user/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        bunq.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody, PathContains: "<b>"));

        string page = await InspectorPageAsync(bunq);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)", page, StringComparison.Ordinal);
        Assert.Contains("TamperBody", page, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", page, StringComparison.Ordinal);

        await using BunqEmulator quiet = await BunqEmulator.StartAsync(new BunqEmulatorOptions { Inspector = false });
        Assert.Null(quiet.InspectorAddress);
        using HttpClient http = Pinned(quiet);
        using HttpResponseMessage absent = await http.GetAsync(new Uri(quiet.BaseAddress, "/_emulator/"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, absent.StatusCode);
    }

    [Fact]
    public async Task A_pending_draft_payment_is_answered_with_the_pages_button_and_a_form_from_elsewhere_is_refused()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(client);
        await ListingTests.TopUpAsync(client, account, 1);
        string drafts = $"user/{client.UserId}/monetary-account/{account}/draft-payment";
        var draft = new JsonObject
        {
            ["entries"] = new JsonArray(new JsonObject
            {
                ["amount"] = new JsonObject { ["value"] = "2.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com", ["name"] = "Sugar Daddy" },
                ["description"] = "from the page",
            }),
            ["number_of_required_accepts"] = 1,
        };
        long accepted = (await client.CallAsync(HttpMethod.Post, drafts, draft)).Item("Id")["id"]!.GetValue<long>();
        long forged = (await client.CallAsync(HttpMethod.Post, drafts, draft.DeepClone())).Item("Id")["id"]!.GetValue<long>();

        string page = await InspectorPageAsync(bunq);
        string token = System.Text.RegularExpressions.Regex.Match(page, "name=\"token\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        using HttpClient http = Pinned(bunq, followRedirects: false);
        using HttpResponseMessage answered = await http.PostAsync(new Uri(bunq.InspectorAddress!, "draft-payment"), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["token"] = token, ["id"] = accepted.ToString(System.Globalization.CultureInfo.InvariantCulture), ["decision"] = "accept" }));
        using HttpResponseMessage refused = await http.PostAsync(new Uri(bunq.InspectorAddress!, "draft-payment"), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["token"] = new string('0', token.Length), ["id"] = forged.ToString(System.Globalization.CultureInfo.InvariantCulture), ["decision"] = "accept" }));

        Assert.Contains($"<td>{forged}</td>", page, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("ACCEPTED", (await client.CallAsync(HttpMethod.Get, $"{drafts}/{accepted}")).Item("DraftPayment")["status"]!.GetValue<string>());
        Assert.Equal("PENDING", (await client.CallAsync(HttpMethod.Get, $"{drafts}/{forged}")).Item("DraftPayment")["status"]!.GetValue<string>());
        Assert.Equal("8.00", await MoneyModelTests.BalanceAsync(client, account));
    }

    [Fact]
    public async Task A_card_is_paid_with_from_the_pages_terminal_and_a_form_from_elsewhere_is_refused()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(client);
        await ListingTests.TopUpAsync(client, account, 1);
        string user = $"user/{client.UserId}";
        string name = (await client.CallAsync(HttpMethod.Get, $"{user}/card-name")).Item("CardUserNameArray")["possible_card_name_array"]![0]!.GetValue<string>();
        long card = (await client.CallAsync(HttpMethod.Post, $"{user}/card-debit", new JsonObject
        {
            ["second_line"] = "Page", ["name_on_card"] = name, ["type"] = "MAESTRO", ["product_type"] = "MAESTRO_DEBIT",
            ["pin_code_assignment"] = new JsonArray(new JsonObject { ["type"] = "PRIMARY", ["monetary_account_id"] = account }),
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Put, $"{user}/card/{card}", new JsonObject { ["status"] = "ACTIVE" })).EnsureOk();

        string page = await InspectorPageAsync(bunq);
        string token = System.Text.RegularExpressions.Regex.Match(page, "card-payment\"><input type=\"hidden\" name=\"token\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        using HttpClient http = Pinned(bunq, followRedirects: false);
        Dictionary<string, string> Form(string t, string amount) => new() { ["token"] = t, ["id"] = card.ToString(System.Globalization.CultureInfo.InvariantCulture), ["amount"] = amount, ["merchant"] = "Page <Shop>" };
        using HttpResponseMessage paid = await http.PostAsync(new Uri(bunq.InspectorAddress!, "card-payment"), new FormUrlEncodedContent(Form(token, "3.25")));
        using HttpResponseMessage forged = await http.PostAsync(new Uri(bunq.InspectorAddress!, "card-payment"), new FormUrlEncodedContent(Form(new string('0', token.Length), "1.00")));
        using HttpResponseMessage badAmount = await http.PostAsync(new Uri(bunq.InspectorAddress!, "card-payment"), new FormUrlEncodedContent(Form(token, "1.005")));

        Assert.NotEmpty(token);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badAmount.StatusCode);
        JsonObject action = (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account/{account}/mastercard-action")).Item("MasterCardAction");
        Assert.Equal(("ALLOWED", "Page <Shop>"), (action["decision"]!.GetValue<string>(), action["description"]!.GetValue<string>()));
        Assert.Equal("6.75", await MoneyModelTests.BalanceAsync(client, account));
    }

    internal static async Task<string> InspectorPageAsync(BunqEmulator bunq)
    {
        using HttpClient http = Pinned(bunq);
        return await http.GetStringAsync(bunq.InspectorAddress);
    }

    private static HttpClient Pinned(BunqEmulator bunq, bool followRedirects = true) => new(new HttpClientHandler
    {
        AllowAutoRedirect = followRedirects,
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null
            && "sha256/" + Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())) == bunq.Pin,
    });
}
