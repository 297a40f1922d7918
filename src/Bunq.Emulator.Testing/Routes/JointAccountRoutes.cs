using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>/user/{userID}/monetary-account-joint</c> (list, get, create, PUT — which also closes one): "The endpoint for
/// joint monetary accounts" (bunq/sdk_csharp <c>BunqSdk/Model/Generated/Endpoint/MonetaryAccountJoint.cs</c>). The
/// creator names the co-owners in <c>all_co_owner</c> ("The users the account will be joint with"); each is PENDING
/// until that user accepts in the app (<see cref="BunqEmulator.AnswerCoOwnerInvite"/>; bunq's
/// <c>CoOwnerInviteResponse</c>, "Used to accept or reject a monetaryAccountJoint co-ownership", has no API route in
/// bunq's description), and then reaches the account as its own: listing, paying from it, closing it. Money moves
/// through the <see cref="Ledger"/> as for any account.
/// </summary>
internal static class JointAccountRoutes
{
    private const string Route = "/v1/user/{userID}/monetary-account-joint";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", Route, context => AccountRoutes.List(context, state, AccountKind.Joint));
        routes.Map("GET", Route + "/{itemId}", context => Of(context, account => Ok(AccountRoutes.AccountItem(state, account))), itemIs: ItemIs.Account);
        routes.Map("POST", Route, context => Create(context, state));
        // The same rules as a bank account's PUT (bunq's SDKs word them alike for MonetaryAccountJoint): description, or
        // status CANCELLED with sub_status REDEMPTION_VOLUNTARY and reason OTHER, closing an empty account only.
        routes.Map("PUT", Route + "/{itemId}", context => Of(context, account => AccountRoutes.Update(context, state, account)), itemIs: ItemIs.Account);
    }

    /// <summary>The joint account as bunq's <c>MonetaryAccountJointRead</c>: a bank account's values with every owner in <c>all_co_owner</c>.</summary>
    internal static JsonObject Joint(EmulatorState state, Account account)
    {
        User creator = state.Users[account.UserId];
        JsonObject values = BunqObjects.AccountValues(account, creator);
        values["overdraft_limit"] = Amount(0m, account.Currency);
        values["all_co_owner"] = new JsonArray(new[] { new CoOwner(creator.Id, "ACCEPTED") }.Concat(account.CoOwners)
            .Select(c => (JsonNode)new JsonObject
            {
                ["alias"] = BunqObjects.UserLabel(state.Users[c.UserId].DisplayName, "user", c.UserId),
                ["status"] = c.Status,
            }).ToArray());
        values["all_auto_save_id"] = new JsonArray();
        return state.Objects.Build("MonetaryAccountJointRead", account.Id, creator, values);
    }

    private static IResult Of(HttpContext context, Func<Account, IResult> action) =>
        CallContext.Of(context).Account is { Kind: AccountKind.Joint } account ? action(account) : Error(404, "Monetary account not found.");

    /// <summary>
    /// A joint account in <c>currency</c> with the co-owners of <c>all_co_owner</c>, each named by a pointer — what bunq's
    /// SDKs send (sdk_php <c>CoOwnerObject</c> takes a <c>PointerObject</c> for the request) — to another emulated person's
    /// e-mail. bunq's SDKs take <c>all_co_owner</c> with every create; a joint account has at least one other owner.
    /// </summary>
    private static IResult Create(HttpContext context, EmulatorState state)
    {
        User creator = CallContext.Of(context).Session!.DataOwner;
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string currency = body.String("currency") ?? string.Empty;
        if (currency.Length != 3)
        {
            return Error(400, "Field 'currency' must be an ISO 4217 code.");
        }

        if (body.Child("all_co_owner") is not { ValueKind: JsonValueKind.Array } owners || owners.GetArrayLength() == 0)
        {
            return Error(400, "Field 'all_co_owner' must name at least one co-owner.");
        }

        var invited = new List<long>();
        foreach (JsonElement owner in owners.EnumerateArray())
        {
            JsonElement? alias = ((JsonElement?)owner).Child("alias");
            User? user = alias.String("type") == "EMAIL" && alias.String("value") is { } email ? state.FindUserByEmail(email) : null;
            if (user is null)
            {
                return Error(400, "Each co-owner's 'alias' must be an EMAIL pointer to another bunq user of this sandbox.");
            }

            if (user.Id == creator.Id || invited.Contains(user.Id))
            {
                return Error(400, user.Id == creator.Id ? "The account's creator is its owner already, not a co-owner." : "A co-owner is named twice.");
            }

            invited.Add(user.Id);
        }

        Account account = state.CreateAccount(creator.Id, body.String("description") ?? "bunq account", currency, AccountKind.Joint);
        account.CoOwners.AddRange(invited.Select(id => new CoOwner(id, "PENDING")));
        return Ok(Id(account.Id));
    }

    /// <summary>A co-owner accepts (ACCEPTED: the account is theirs too) or rejects (REJECTED) the invitation, as in bunq's app.</summary>
    /// <returns>The refusal text, or null.</returns>
    internal static string? Answer(EmulatorState state, Account account, long userId, bool accept)
    {
        if (account.CoOwners.Find(c => c.UserId == userId) is not { } owner)
        {
            return "That user is not invited to this joint account.";
        }

        if (owner.Status != "PENDING")
        {
            return $"The invitation is {owner.Status} already.";
        }

        owner.Status = accept ? "ACCEPTED" : "REJECTED";
        return null;
    }
}
