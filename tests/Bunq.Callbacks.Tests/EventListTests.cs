using Bunq.Emulator;

namespace Bunq.Callbacks.Tests;

/// <summary>GET /user/{userID}/event holds every change, newest first, with bunq's paging and filters.</summary>
public class EventListTests
{
    [Fact]
    public async Task The_event_list_holds_every_change_newest_first_and_pages_and_filters_as_bunq_describes()
    {
        await using BunqEmulator bunq = await Sandbox.StartAsync(trusted: null);
        await using User payer = await Sandbox.UserAsync(bunq, topUp: 40m);
        await using User payee = await Sandbox.UserAsync(bunq);
        await Sandbox.PayAsync(payer, payee, 3m, "first");
        await Sandbox.PayAsync(payer, payee, 4m, "second");
        IEvents events = payer.Bank.Events;

        BunqList<EventItem> all = await events.ListAsync(payer.Id);

        Assert.Equal(["Payment -4.00", "Payment -3.00", "Payment 40.00", "RequestInquiry 40.00"], all.Items.Select(Describe));
        Assert.Equal(all.Items.Select(e => e.Id).OrderDescending(), all.Items.Select(e => e.Id));
        Assert.All(all.Items, e => Assert.Equal((payer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "FINALIZED"), (e.UserId, e.Status)));
        Assert.Equal(["Payment 4.00", "Payment 3.00"], (await payee.Bank.Events.ListAsync(payee.Id)).Items.Select(Describe));

        BunqList<EventItem> page = await events.ListAsync(payer.Id, count: 2);
        BunqList<EventItem> older = await events.ListAsync(payer.Id, count: 2, olderId: page.Items[^1].Id);
        Assert.Equal(all.Items.Select(e => e.Id), page.Items.Concat(older.Items).Select(e => e.Id));
        Assert.NotNull(page.Pagination?.OlderUrl);

        Assert.Equal(4, (await events.ListAsync(payer.Id, accounts: payer.Account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Items.Count);
        Assert.Empty((await events.ListAsync(payer.Id, accounts: payee.Account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Items);
        Assert.Empty((await events.ListAsync(payer.Id, status: "AWAITING_REPLY")).Items);
        Assert.Equal(4, (await events.ListAsync(payer.Id, displayUserEvent: "false")).Items.Count);
        var bad = await Assert.ThrowsAsync<BunqApiException>(() => events.ListAsync(payer.Id, status: "DONE"));
        Assert.Equal(400, (int)bad.StatusCode);
    }

    private static string Describe(EventItem item)
    {
        System.Text.Json.JsonProperty only = item.Object.EnumerateObject().Single();
        string amount = only.Value.TryGetProperty("amount", out var a) ? a.GetProperty("value").GetString()! : only.Value.GetProperty("amount_inquired").GetProperty("value").GetString()!;
        return only.Name + " " + amount;
    }
}
