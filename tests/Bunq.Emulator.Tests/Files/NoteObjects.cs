using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// One of each object the emulator takes notes on, all on one account: a payment and a request-inquiry (a top-up), a
/// request-response (another user's request), a draft payment, a payment-batch, a scheduled payment and one run of it.
/// </summary>
internal static class NoteObjects
{
    /// <summary>The objects' paths under <c>user/{id}/monetary-account/{id}/</c>, in <c>NoteTargets</c>' order.</summary>
    public static async Task<string[]> MakeAsync(WireClient owner, long account, WireClient other, long otherAccount)
    {
        string path = $"user/{owner.UserId}/monetary-account/{account}";
        await ListingTests.TopUpAsync(owner, account, 1, 50m);
        long payment = (await owner.CallAsync(HttpMethod.Get, $"{path}/payment")).Item("Payment")["id"]!.GetValue<long>();
        long inquiry = (await owner.CallAsync(HttpMethod.Get, $"{path}/request-inquiry")).Item("RequestInquiry")["id"]!.GetValue<long>();
        string email = (await owner.CallAsync(HttpMethod.Get, $"user-person/{owner.UserId}")).Item("UserPerson")["alias"]![0]!["value"]!.GetValue<string>();
        string iban = (await other.CallAsync(HttpMethod.Get, $"user/{other.UserId}/monetary-account-bank/{otherAccount}"))
            .Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
        (await other.CallAsync(HttpMethod.Post, $"user/{other.UserId}/monetary-account/{otherAccount}/request-inquiry", new JsonObject
        {
            ["amount_inquired"] = Amount("2.00"),
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = email },
            ["description"] = "lunch",
            ["allow_bunqme"] = false,
        })).EnsureOk();
        long response = (await owner.CallAsync(HttpMethod.Get, $"{path}/request-response")).Item("RequestResponse")["id"]!.GetValue<long>();
        long draft = (await owner.CallAsync(HttpMethod.Post, $"{path}/draft-payment", new JsonObject
        {
            ["entries"] = new JsonArray(Order("1.00", iban)),
            ["number_of_required_accepts"] = 1,
        })).Item("Id")["id"]!.GetValue<long>();
        long batch = (await owner.CallAsync(HttpMethod.Post, $"{path}/payment-batch", new JsonObject
        {
            ["payments"] = new JsonArray(Order("1.00", iban), Order("2.00", iban)),
        })).Item("Id")["id"]!.GetValue<long>();
        long schedule = (await owner.CallAsync(HttpMethod.Post, $"{path}/schedule-payment", new JsonObject
        {
            ["payment"] = Order("3.00", iban),
            ["schedule"] = new JsonObject { ["time_start"] = ListingTests.PastTime(), ["recurrence_unit"] = "ONCE", ["recurrence_size"] = 1 },
        })).Item("Id")["id"]!.GetValue<long>();
        long instance = (await owner.CallAsync(HttpMethod.Get, $"{path}/schedule/{schedule}/schedule-instance")).Item("ScheduledInstance")["id"]!.GetValue<long>();
        return
        [
            $"payment/{payment}", $"request-inquiry/{inquiry}", $"request-response/{response}", $"draft-payment/{draft}", $"payment-batch/{batch}",
            $"schedule-payment/{schedule}", $"schedule/{schedule}/schedule-instance/{instance}",
        ];
    }

    private static JsonObject Amount(string value) => new() { ["value"] = value, ["currency"] = "EUR" };

    private static JsonObject Order(string amount, string iban) => new()
    {
        ["amount"] = Amount(amount),
        ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = "Payee" },
        ["description"] = "noted",
    };
}
