using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// bunq.me tabs: created WAITING_FOR_PAYMENT with a share URL, paid by people outside the emulator
/// (<see cref="BunqEmulator.PayBunqMeTab"/>: money from outside, through the <see cref="Ledger"/>), and closed by the owner:
/// "Ignored in POST requests but can be used for cancelling the bunq.me by setting status as CANCELLED with a PUT
/// request" (bunq/sdk_csharp <c>BunqMeTab.Create</c>, <c>status</c>).
/// </summary>
internal static class BunqMeTabRoutes
{
    private const string Tabs = "/v1/user/{userID}/monetary-account/{monetary-accountID}/bunqme-tab";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", Tabs, context => Create(context, state), RouteAuth.Session);
        routes.Map("GET", Tabs + "/{itemId}", context => With(context, state, tab => Ok(Item(state, tab))), RouteAuth.Session);
        routes.Map("GET", Tabs, context => Paging.OfAccount(context, state.BunqMeTabs.Values, t => t.AccountId, t => t.Id, t => Item(state, t)), RouteAuth.Session);
        routes.Map("PUT", Tabs + "/{itemId}", context => With(context, state, tab => Cancel(context, state, tab)), RouteAuth.Session);
    }

    /// <summary>An outside payer pays the tab: the amount asked (or, for an open tab, the one given) lands on the owner's account.</summary>
    /// <returns>The refusal, or null.</returns>
    public static string? Pay(EmulatorState state, BunqMeTab tab, decimal? amount, string payer)
    {
        if (tab.Status != "WAITING_FOR_PAYMENT")
        {
            return $"The bunq.me tab is {tab.Status} and takes no payment.";
        }

        decimal paid = tab.Amount ?? amount ?? 0m;
        if (paid <= 0m || decimal.Round(paid, 2) != paid || (tab.Amount is { } asked && amount is { } given && given != asked))
        {
            return tab.Amount is null ? "This tab leaves the amount to the payer: give a positive amount in cents." : $"This tab asks {Money(tab.Amount.Value)}.";
        }

        Account account = state.Accounts[tab.AccountId];
        if (account.Status != "ACTIVE")
        {
            return "The tab's account is closed.";
        }

        tab.PaymentIds.Add(state.Ledger.TopUp(account, paid, tab.Description, "IBAN", "NL00OUTS0000000000", payer).Id);
        state.Events.BunqMeTab(state, tab, Item(state, tab), "BUNQME_TAB_RESULT_INQUIRY_CREATED");
        return null;
    }

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        Account account = CallContext.Of(context).Account!;
        JsonElement? entry = RequestJson.Parse(CallContext.Of(context).Body).Child("bunqme_tab_entry");
        decimal? amount = null;
        if (entry.Child("amount_inquired") is not null)
        {
            if (!entry.TryAmount("amount_inquired", out decimal asked, out string currency) || currency != account.Currency)
            {
                return Error(400, "Field 'bunqme_tab_entry.amount_inquired' must be a positive amount in the account's currency.");
            }

            amount = asked;
        }

        long id = state.NextId();
        var tab = new BunqMeTab(id, account.Id, amount, entry.String("description") ?? string.Empty, entry.String("redirect_url"),
            ObjectFactory.DeterministicUuid("bunqme-tab", id), state.Now);
        state.BunqMeTabs.Add(tab.Id, tab);
        state.Events.BunqMeTab(state, tab, Item(state, tab), "BUNQME_TAB_CREATED");
        return Ok(Id(tab.Id));
    }

    private static IResult Cancel(HttpContext context, EmulatorState state, BunqMeTab tab)
    {
        if (RequestJson.Parse(CallContext.Of(context).Body).String("status") != "CANCELLED")
        {
            return Error(400, "A bunq.me tab's PUT sets status CANCELLED, nothing else.");
        }

        tab.Status = "CANCELLED";
        state.Events.BunqMeTab(state, tab, Item(state, tab), "BUNQME_TAB_CANCELLED");
        return Ok(Id(tab.Id));
    }

    private static IResult With(HttpContext context, EmulatorState state, Func<BunqMeTab, IResult> action) =>
        state.BunqMeTabs.TryGetValue(context.RouteLong("itemId"), out BunqMeTab? tab) && tab.AccountId == CallContext.Of(context).Account!.Id
            ? action(tab)
            : Error(404, "bunq.me tab not found.");

    private static JsonObject Item(EmulatorState state, BunqMeTab tab)
    {
        Account account = state.Accounts[tab.AccountId];
        User owner = state.Users[account.UserId];
        JsonObject entry = state.Objects.Build("BunqMeTabEntry", tab.Id, owner, new JsonObject
        {
            ["amount_inquired"] = tab.Amount is { } amount ? Amount(amount, account.Currency) : null,
            ["description"] = tab.Description,
            ["redirect_url"] = tab.RedirectUrl,
            ["uuid"] = tab.Uuid,
            ["alias"] = BunqObjects.AccountLabel(account, owner),
            ["status"] = tab.Status,
            ["invite_profile_name"] = null,
        });
        return BunqJsonWriter.Item("BunqMeTab", state.Objects.Build("BunqMeTabRead", tab.Id, owner, new JsonObject
        {
            ["created"] = Time(tab.Created),
            ["updated"] = Time(tab.Created),
            ["time_expiry"] = null,
            ["monetary_account_id"] = account.Id,
            ["status"] = tab.Status,
            ["type"] = "TAB",
            ["alias_monetary_account"] = BunqObjects.AccountLabel(account, owner),
            ["bunqme_tab_share_url"] = tab.ShareUrl,
            ["bunqme_tab_entry"] = entry,
            ["bunqme_tab_entries"] = new JsonArray(entry.DeepClone()),
            ["result_inquiries"] = new JsonArray(tab.PaymentIds.Select(id => (JsonNode)new JsonObject
            {
                ["payment"] = BunqObjects.Payment(state, state.Payments.Find(id)!, account),
                ["bunq_me_tab_id"] = tab.Id,
            }).ToArray()),
        }));
    }
}
